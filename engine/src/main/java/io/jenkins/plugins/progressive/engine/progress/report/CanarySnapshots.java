package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a canary maps onto a snapshot: one stop per step of the plan (5% → pause → analysis → 25% → flag gate → approval → 100%),
 * then the promotion, and a rollback once one starts; keyed by the phase names {@code CanaryStage} announces
 * ({@code step 3 of 7}), and its outcomes as states.
 */
public final class CanarySnapshots {

    private CanarySnapshots() {
    }

    /**
     * The snapshot plan of a canary.
     *
     * @param plan the canary
     * @param fromVersion the stable version (the caller read it from the Deployment), or null
     * @param cluster the configured cluster's name, or null
     */
    public static SnapshotPlan plan(CanaryPlan plan, String fromVersion, String cluster) {
        List<PlannedStep> track = new ArrayList<>();
        List<AnalysisPlan> gates = new ArrayList<>();
        int steps = plan.steps().size();
        // Every stop carries the weight in force while it runs, so a pause or an analysis reads "at 25%".
        int weight = 0;
        for (int i = 0; i < steps; i++) {
            CanaryStep step = plan.steps().get(i);
            String id = "step-" + (i + 1);
            Set<String> phase = Set.of("step " + (i + 1) + " of " + steps);
            if (step instanceof CanaryStep.SetWeight setWeight) {
                weight = setWeight.percent();
                track.add(new PlannedStep(id, TrackStep.Kind.WEIGHT, weight + "%", null, weight, phase, false, null));
            } else if (step instanceof CanaryStep.Pause pause) {
                track.add(new PlannedStep(id, TrackStep.Kind.PAUSE, pause.duration() == null ? "pause"
                        : "pause " + words(pause.duration()), null, weight, phase, false, step.describe()));
            } else if (step instanceof CanaryStep.Analysis analysis) {
                gates.add(analysis.plan());
                track.add(new PlannedStep(id, TrackStep.Kind.ANALYSIS, "analysis", null, weight, phase, false,
                        step.describe()));
            } else if (step instanceof CanaryStep.SetHeaderRoute route) {
                track.add(new PlannedStep(id, TrackStep.Kind.ROUTE, route.route().cookie() ? "cookie route"
                        : "header route", null, weight, phase, false, step.describe()));
            } else if (step instanceof CanaryStep.FlagGate) {
                track.add(new PlannedStep(id, TrackStep.Kind.FLAG_GATE, "flag gate", null, weight, phase, false,
                        step.describe()));
            } else if (step instanceof CanaryStep.TestJob) {
                track.add(new PlannedStep(id, TrackStep.Kind.HOOK, "test Job", null, weight, phase, false,
                        step.describe()));
            } else {
                track.add(new PlannedStep(id, TrackStep.Kind.APPROVAL, "approval", null, weight, phase, false,
                        ((CanaryStep.Approval) step).request().title()));
            }
        }
        track.add(new PlannedStep("promote", TrackStep.Kind.PHASE, "promote", null, null, Set.of("promote"), false,
                "the stable Deployment takes the new version while the canary serves"));
        track.add(new PlannedStep("rollback", TrackStep.Kind.ROLLBACK, "roll back", null, null, Set.of("rolling back"),
                true, "all traffic to stable, canary scaled down"));
        if (plan.background() != null) {
            gates.add(plan.background());
        }
        List<String> images = plan.images().stream().map(i -> i.container() + "=" + i.image()).toList();
        RolloutSnapshot.Target target = new RolloutSnapshot.Target("Deployment", plan.app(), plan.namespace(), cluster,
                plan.app(), images);
        return new SnapshotPlan("canary", target, fromVersion, ImageChange.tagOf(plan.images().get(0).image()), track,
                SnapshotChecks.of(gates), plan.routerKind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static String words(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
