package io.jenkins.plugins.progressive.engine.progress.report;

import static io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict.FAIL;
import static io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict.INCONCLUSIVE;
import static io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict.PASS;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.rolling.InconclusivePolicy;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import java.util.List;

/**
 * Three rolling updates of checkout 1.0 → 2.0 on 10 replicas in batches of 10%, 50% and 100%, gated on error rate
 * and p99 latency: one succeeds, one fails its error-rate gate at 50% and is rolled back, one cannot tell at 10% and
 * is left paused for a person. The texts are the engine's own sentences.
 */
final class ReportFixtures {

    static final String IMAGE = "registry.example.com/shop/checkout:2.0";
    static final String ERRORS = "sum(rate(http_requests_total{namespace=\"shop\",service=\"checkout\",version=\"2.0\","
            + "code=~\"5..\"}[1m])) / sum(rate(http_requests_total{namespace=\"shop\",service=\"checkout\",version=\"2.0\"}[1m]))";
    static final String LATENCY = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
            + "namespace=\"shop\",service=\"checkout\",version=\"2.0\"}[1m])))";
    static final String SUCCEEDED = "deployment shop/checkout runs revision 8 (app=" + IMAGE + ") on all 10 replicas; "
            + "every check passed";
    static final String ROLLED_BACK = "batch 2 of 3: metric gate failed: check 'errorRate': 1 failed measurement "
            + "(failureLimit 0); last: 0.048 violates < 1%; rolled back to revision 7 "
            + "(registry.example.com/shop/checkout:1.0), 10 of 10 replicas available again";
    static final String PAUSED = "batch 1 of 3: metric gates were inconclusive: check 'errorRate': 2 inconclusive "
            + "measurements (inconclusiveLimit 1); last: only 12 requests in the window, fewer than minRequests 100; "
            + "the Deployment is left paused for a human (onInconclusive is PAUSE): resume it or undo it with kubectl";

    private ReportFixtures() {
    }

    static RollingPlan plan(InconclusivePolicy onInconclusive) {
        return RollingPlan.builder("shop", "checkout").image("app", IMAGE)
                .batches(Batches.parse(List.of("10%", "50%", "100%")))
                .analysis(AnalysisPlan.of(List.of(BuiltInChecks.errorRate(), BuiltInChecks.latencyP99())), "checkout")
                .onInconclusive(onInconclusive).holder("https://ci.example.com/job/checkout/142/").build();
    }

    static RolloutSnapshot succeeded() {
        ScriptedRollout r = start(InconclusivePolicy.ROLLBACK);
        batch1(r);
        r.after(2).phase("batch 2 of 3", "moving 5 of 10 replicas (50%) to the new version")
                .after(4).progress(10, 3, 10, 10, 11, 2, 3, 5).after(6).progress(10, 5, 10, 10, 10, 2, 3, 5);
        gates(r, 2, new double[] {0.0018, 0.0025, 0.0021}, new double[] {0.131, 0.142, 0.128});
        r.after(2).phase("batch 3 of 3", "releasing the rest")
                .after(5).progress(10, 8, 10, 10, 11, 3, 3, 10).after(5).progress(10, 10, 10, 10, 10, 3, 3, 10);
        gates(r, 3, new double[] {0.0022, 0.0019, 0.0020}, new double[] {0.137, 0.133, 0.129});
        return r.after(1).finish(RolloutOutcome.Result.SUCCEEDED, SUCCEEDED);
    }

    /** The rollout of {@link #rolledBack()} while its second batch is being checked. */
    static RolloutSnapshot runningInBatch2() {
        ScriptedRollout r = start(InconclusivePolicy.ROLLBACK);
        batch1(r);
        r.after(2).phase("batch 2 of 3", "moving 5 of 10 replicas (50%) to the new version")
                .after(4).progress(10, 3, 10, 10, 11, 2, 3, 5).after(6).progress(10, 5, 10, 10, 10, 2, 3, 5)
                .phase("verify", "batch 2 of 3: checking the new version")
                .after(30).measure("errorRate", PASS, List.of(0.004), ERRORS, "0.004 meets < 1%");
        return r.recorder.snapshot();
    }

    static RolloutSnapshot rolledBack() {
        ScriptedRollout r = start(InconclusivePolicy.ROLLBACK);
        batch1(r);
        r.after(2).phase("batch 2 of 3", "moving 5 of 10 replicas (50%) to the new version")
                .after(4).progress(10, 3, 10, 10, 11, 2, 3, 5).after(6).progress(10, 5, 10, 10, 10, 2, 3, 5)
                .phase("verify", "batch 2 of 3: checking the new version")
                .after(30).measure("errorRate", PASS, List.of(0.004), ERRORS, "0.004 meets < 1%")
                .measure("latencyP99", PASS, List.of(0.156), LATENCY, "0.156 meets < 200ms")
                .after(30).measure("errorRate", FAIL, List.of(0.048), ERRORS, "0.048 violates < 1%")
                .measure("latencyP99", PASS, List.of(0.171), LATENCY, "0.171 meets < 200ms")
                .decision("batch 2 of 3: analysis FAIL — check 'errorRate': 1 failed measurement (failureLimit 0); "
                        + "last: 0.048 violates < 1%", false)
                .after(1).phase("rolling back", "batch 2 of 3: metric gate failed: check 'errorRate': 1 failed "
                        + "measurement (failureLimit 0); last: 0.048 violates < 1%; going back to revision 7 "
                        + "(registry.example.com/shop/checkout:1.0)")
                .after(3).progress(10, 7, 10, 10, 11, 1, 3, 10).after(4).progress(10, 10, 10, 10, 10, 1, 3, 10);
        return r.after(1).finish(RolloutOutcome.Result.ROLLED_BACK, ROLLED_BACK);
    }

    static RolloutSnapshot paused() {
        ScriptedRollout r = start(InconclusivePolicy.PAUSE);
        r.after(2).phase("batch 1 of 3", "moving 1 of 10 replicas (10%) to the new version")
                .after(3).progress(10, 1, 10, 10, 11, 1, 3, 1).after(3).progress(10, 1, 10, 10, 10, 1, 3, 1)
                .phase("verify", "batch 1 of 3: checking the new version")
                .after(30).measure("errorRate", INCONCLUSIVE, List.of(), ERRORS,
                        "only 9 requests in the window, fewer than minRequests 100")
                .measure("latencyP99", PASS, List.of(0.118), LATENCY, "0.118 meets < 200ms")
                .after(30).measure("errorRate", INCONCLUSIVE, List.of(), ERRORS,
                        "only 12 requests in the window, fewer than minRequests 100")
                .decision("batch 1 of 3: analysis INCONCLUSIVE — check 'errorRate': 2 inconclusive measurements "
                        + "(inconclusiveLimit 1); last: only 12 requests in the window, fewer than minRequests 100", false);
        return r.after(1).finish(RolloutOutcome.Result.PAUSED, PAUSED);
    }

    private static ScriptedRollout start(InconclusivePolicy onInconclusive) {
        return new ScriptedRollout(plan(onInconclusive), "1.0")
                .phase("preflight", "checking deployment shop/checkout")
                .warn("preflight: container 'app' has no preStop hook: connections to a terminating pod may be cut "
                        + "before the load balancer stops sending to it (add a preStop sleep of a few seconds)")
                .after(1).phase("apply", "setting app=" + IMAGE + " (paused for batches [10, 50, 100]%)");
    }

    private static void batch1(ScriptedRollout r) {
        r.after(1).phase("batch 1 of 3", "moving 1 of 10 replicas (10%) to the new version")
                .after(3).progress(10, 1, 10, 10, 11, 1, 3, 1).after(3).progress(10, 1, 10, 10, 10, 1, 3, 1);
        gates(r, 1, new double[] {0.0031, 0.0024, 0.0027}, new double[] {0.121, 0.135, 0.127});
    }

    private static void gates(ScriptedRollout r, int batch, double[] errors, double[] latencies) {
        r.phase("verify", "batch " + batch + " of 3: checking the new version");
        for (int i = 0; i < errors.length; i++) {
            r.after(30).measure("errorRate", PASS, List.of(errors[i]), ERRORS, errors[i] + " meets < 1%")
                    .measure("latencyP99", PASS, List.of(latencies[i]), LATENCY, latencies[i] + " meets < 200ms");
        }
        r.decision("batch " + batch + " of 3: analysis PASS — every check passed 3 measurements within its limits", true);
    }
}
