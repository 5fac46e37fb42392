package io.jenkins.plugins.progressive.engine.progress.report;

import static io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict.FAIL;
import static io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict.PASS;
import static io.jenkins.plugins.progressive.engine.event.RolloutEvent.TrafficShifted.Shift.PROMOTION;
import static io.jenkins.plugins.progressive.engine.event.RolloutEvent.TrafficShifted.Shift.ROLLBACK;
import static io.jenkins.plugins.progressive.engine.event.RolloutEvent.TrafficShifted.Shift.STEP;
import static io.jenkins.plugins.progressive.engine.progress.report.ScriptedRollout.pods;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Canary and blue/green fixture rollouts of checkout/web 1.0 → 2.0, in the engine's own sentences: a canary
 * (header route → 5% → pause → analysis → 25% → analysis → approval → 100%) promoted, rolled back at 25%, and waiting
 * for its approval; a blue/green release switched back by its watch gate. Replica counts come as the strategies'
 * replica watches report them: checkout (stable, 10 replicas) and checkout-canary; web-blue and web-green (4 each).
 */
final class StrategyFixtures {

    static final VersionReplicas STABLE = pods("stable", "checkout", "1.0", 10, 10, 10, 10, 10);
    static final VersionReplicas BLUE = pods("blue", "web-blue", "1.0", 4, 4, 4, 4, 4);

    static final String IMAGE = "registry.example.com/shop/checkout:2.0";
    static final ApprovalRequest PROMOTE = new ApprovalRequest("promote-100", "Promote checkout 2.0 to 100%?",
            List.of("canary 2.0 at 25% for 2 min, header x-beta=1 routed to it", "error rate 0.2% (stable 0.2%)"),
            List.of("release-managers", "bob"), Duration.ZERO, ApprovalRequest.Decision.REJECTED);
    static final String CANARY_PROMOTED = "checkout runs " + IMAGE + " on all 10 stable replicas; every step passed";
    static final String CANARY_FAILED = "step 6 of 8 at 25%: metric gate failed: check 'errorRate': 1 failed measurement "
            + "(failureLimit 0); last: 0.048 violates < 1%";
    static final String CANARY_ROLLED_BACK = CANARY_FAILED + "; all traffic is back on stable and the canary was scaled "
            + "down (412 ms after the failing measurement)";
    static final ApprovalRequest SWITCH = new ApprovalRequest("switch", "Switch web to green?",
            List.of("switch web from blue to green", "app: registry.example.com/shop/web:2.0"), List.of("release-managers"),
            Duration.ZERO, ApprovalRequest.Decision.REJECTED);
    static final String SWITCH_BACK_WHY = "post-switch gates FAIL: check 'errorRate': 1 failed measurement "
            + "(failureLimit 0); last: 0.062 violates < 1%";
    static final String SWITCHED_BACK = SWITCH_BACK_WHY + "; switched back to blue 380 ms after the first failing "
            + "measurement";

    private StrategyFixtures() {
    }

    static CanaryPlan canaryPlan() {
        AnalysisPlan gates = AnalysisPlan.of(List.of(BuiltInChecks.errorRate()));
        return new CanaryPlan("shop", "checkout", List.of(new ImageChange("app", IMAGE)), RouterSpec.Kind.GATEWAY_API,
                "checkout", List.of(new CanaryStep.SetHeaderRoute(HeaderRoute.header("beta", "x-beta", "1")),
                        new CanaryStep.SetWeight(5), new CanaryStep.Pause(Duration.ofSeconds(60)),
                        new CanaryStep.Analysis(gates), new CanaryStep.SetWeight(25), new CanaryStep.Analysis(gates),
                        new CanaryStep.Approval(PROMOTE), new CanaryStep.SetWeight(100)),
                null, 0, null, "https://ci.example.com/job/checkout/143/");
    }

    static RolloutSnapshot canaryPromoted() {
        ScriptedRollout r = canaryTo25(ScriptedRollout.START);
        gates(r, "step 6 of 8", 0.0022, 0.0019, 0.0021);
        r.after(1).phase("step 7 of 8", "approval: " + PROMOTE.title()).askApproval(PROMOTE)
                .after(95).decideApproval(PROMOTE, true, "alice", "error rate flat, go")
                .after(1).phase("step 8 of 8", "set weight 100%")
                .after(10).replicas(STABLE, canary(10, 10, 4, 4))
                .after(20).replicas(STABLE, canary(10, 10, 10, 10))
                .traffic(100, STEP, "the canary gets 100% of requests")
                .decision("traffic: 100% to the canary (10 canary replicas, Gateway API HTTPRoute shop/checkout)", true)
                .after(1).phase("promote", "the stable Deployment takes " + IMAGE + " while the canary serves")
                // Stable rolls to 2.0 behind the canary: its pods not yet updated still run 1.0.
                .after(15).replicas(new VersionReplicas("stable", "checkout", "2.0", "1.0", 10, 5, 10, 10, 11),
                        canary(10, 10, 10, 10))
                .after(25).replicas(new VersionReplicas("stable", "checkout", "2.0", "1.0", 10, 10, 10, 10, 10),
                        canary(10, 10, 10, 10))
                .traffic(100, PROMOTION, "stable runs the new version and gets every request")
                .decision("checkout-canary scaled to 0", true)
                .replicas(new VersionReplicas("stable", "checkout", "2.0", "1.0", 10, 10, 10, 10, 10), canary(0, 0, 0, 0));
        return r.after(1).end("promoted", RolloutState.SUCCEEDED, CANARY_PROMOTED);
    }

    static RolloutSnapshot canaryRolledBack() {
        ScriptedRollout r = canaryTo25(ScriptedRollout.START);
        r.phase("step 6 of 8", "analysis (1 check)")
                .after(30).measure("errorRate", PASS, List.of(0.004), ReportFixtures.ERRORS, "0.004 meets < 1%")
                .after(30).measure("errorRate", FAIL, List.of(0.048), ReportFixtures.ERRORS, "0.048 violates < 1%")
                .decision("step 6 of 8: analysis FAIL — check 'errorRate': 1 failed measurement (failureLimit 0); "
                        + "last: 0.048 violates < 1%", false)
                .after(1).phase("rolling back", CANARY_FAILED + "; sending all traffic to stable")
                .traffic(0, ROLLBACK, "stable gets every request again")
                .replicas(STABLE, new VersionReplicas("canary", "checkout-canary", "2.0", null, 0, 3, 3, 3, 3))
                .after(2).replicas(STABLE, canary(0, 0, 0, 0));
        return r.end("rolled back", RolloutState.ROLLED_BACK, CANARY_ROLLED_BACK);
    }

    /** The canary stopped at its approval, the decision still open: what the build page shows a release manager. */
    static RolloutSnapshot canaryAwaitingApproval() {
        return canaryAwaitingApproval(ScriptedRollout.START);
    }

    /** The same, started at {@code start}: for the live page, which counts the wait against the real clock. */
    static RolloutSnapshot canaryAwaitingApproval(Instant start) {
        ScriptedRollout r = canaryTo25(start);
        gates(r, "step 6 of 8", 0.0022, 0.0019, 0.0021);
        r.after(1).phase("step 7 of 8", "approval: " + PROMOTE.title()).askApproval(PROMOTE).after(30);
        return r.recorder.snapshot();
    }

    static BlueGreenPlan blueGreenPlan() {
        return BlueGreenPlan.builder("shop", "web").image("app", "registry.example.com/shop/web:2.0")
                .healthCheck(HttpHealthCheck.of("web", "80", "/healthz"))
                .approval(new ApprovalRequest("switch", "", List.of(), List.of("release-managers"), Duration.ZERO,
                        ApprovalRequest.Decision.REJECTED))
                .postSwitch(AnalysisPlan.of(List.of(BuiltInChecks.errorRate())))
                .scaleDownDelay(Duration.ofSeconds(30)).holder("https://ci.example.com/job/web/77/").build();
    }

    static RolloutSnapshot blueGreenSwitchedBack() {
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.forBlueGreen(blueGreenPlan(), "1.0",
                "prod-eu-west", clock))
                .phase("preflight", "reading the slots of shop/web")
                .after(1).phase("deploy", "deploying app=registry.example.com/shop/web:2.0 to green (4 replicas)")
                .replicas(BLUE, green(4, 4, 0, 0, 4))
                .after(15).replicas(BLUE, green(4, 4, 2, 2, 4))
                .after(20).replicas(BLUE, green(4, 4, 4, 4, 4))
                .phase("pre-promotion checks", "checking green through web-preview")
                .after(1).decision("pre-promotion: health check GET web-preview:80/healthz answered 200 in 14 ms", true)
                .after(1).askApproval(SWITCH)
                .after(140).decideApproval(SWITCH, true, "bob", "")
                .after(1).phase("switch", "switching web from blue to green")
                .traffic(100, PROMOTION, "green is live")
                .decision("live traffic now goes to green (registry.example.com/shop/web:2.0)", true)
                .phase("watch", "watching green with 1 gate(s)").at("watch")
                .after(20).measure("errorRate", PASS, List.of(0.003), ReportFixtures.ERRORS, "0.003 meets < 1%")
                .after(20).measure("errorRate", FAIL, List.of(0.062), ReportFixtures.ERRORS, "0.062 violates < 1%")
                .phase("switching back", SWITCH_BACK_WHY + "; switching web back to blue")
                .traffic(0, ROLLBACK, "blue is live again")
                .after(1).decision("web-green scaled to 0", true)
                .replicas(BLUE, green(0, 4, 4, 4, 4))
                .after(1).replicas(BLUE, green(0, 0, 0, 0, 0));
        return r.after(1).end("switched back", RolloutState.ROLLED_BACK, SWITCHED_BACK);
    }

    /** Header route, 5%, a minute's pause, a passing analysis, 25%: where all three canaries part ways. */
    private static ScriptedRollout canaryTo25(Instant start) {
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.forCanary(canaryPlan(), "1.0", "prod-eu-west",
                clock), start)
                .phase("preflight", "checking shop/checkout and its router")
                .after(2).phase("step 1 of 8", "route header x-beta=1 to the canary")
                .after(1).phase("step 2 of 8", "set weight 5%")
                .replicas(STABLE, canary(0, 0, 0, 0))
                .after(8).replicas(STABLE, canary(1, 1, 0, 0))
                .after(12).replicas(STABLE, canary(1, 1, 1, 1))
                .traffic(5, STEP, "the canary gets 5% of requests")
                .decision("traffic: 5% to the canary (1 canary replica, Gateway API HTTPRoute shop/checkout)", true)
                .after(1).phase("step 3 of 8", "pause 60 s")
                .after(60);
        gates(r, "step 4 of 8", 0.0031, 0.0024, 0.0027);
        return r.after(1).phase("step 5 of 8", "set weight 25%")
                .after(5).replicas(STABLE, canary(3, 3, 1, 1))
                .after(10).replicas(STABLE, canary(3, 3, 3, 3))
                .traffic(25, STEP, "the canary gets 25% of requests")
                .decision("traffic: 25% to the canary (3 canary replicas, Gateway API HTTPRoute shop/checkout)", true)
                .after(1);
    }

    /** checkout-canary on 2.0, all its pods on the current template. */
    private static VersionReplicas canary(int desired, int updated, int ready, int available) {
        return pods("canary", "checkout-canary", "2.0", desired, updated, ready, available, updated);
    }

    private static VersionReplicas green(int desired, int updated, int ready, int available, int total) {
        return new VersionReplicas("green", "web-green", "2.0", "0.9", desired, updated, ready, available, total);
    }

    private static void gates(ScriptedRollout r, String step, double... errors) {
        r.phase(step, "analysis (1 check)");
        for (double error : errors) {
            r.after(30).measure("errorRate", PASS, List.of(error), ReportFixtures.ERRORS, error + " meets < 1%");
        }
        r.decision(step + ": analysis PASS — every check passed 3 measurements within its limits", true);
    }
}
