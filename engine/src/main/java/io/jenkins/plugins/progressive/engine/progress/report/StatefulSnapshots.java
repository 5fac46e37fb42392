package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a StatefulSet rollout maps onto a snapshot: one stop per batch (keyed by the phases
 * {@code StatefulRollingUpdate} announces) and the rollback, and its outcomes as states.
 */
public final class StatefulSnapshots {

    private StatefulSnapshots() {
    }

    /**
     * @param fromVersion the version running before, or null
     * @param cluster the configured cluster's name, or null
     */
    public static SnapshotPlan plan(StatefulPlan plan, String fromVersion, String cluster) {
        List<PlannedStep> track = new ArrayList<>();
        List<Integer> percents = plan.batches().percents();
        for (int i = 0; i < percents.size(); i++) {
            String phase = "batch " + (i + 1) + " of " + percents.size();
            Set<String> phases = i == 0 ? Set.of("apply", phase) : Set.of(phase);
            track.add(new PlannedStep("batch-" + (i + 1), TrackStep.Kind.BATCH, percents.get(i) + "%", percents.get(i),
                    null, phases, false));
        }
        track.add(new PlannedStep("rollback", TrackStep.Kind.ROLLBACK, "roll back", null, null, Set.of("rolling back"),
                true));
        List<String> images = plan.images().stream().map(i -> i.container() + "=" + i.image()).toList();
        RolloutSnapshot.Target target = new RolloutSnapshot.Target("StatefulSet", plan.statefulSet(), plan.namespace(),
                cluster, plan.analysisService(), images);
        return new SnapshotPlan("rolling", target, fromVersion, plan.version(), track,
                plan.analysis() == null ? List.of() : plan.analysis().checks());
    }
}
