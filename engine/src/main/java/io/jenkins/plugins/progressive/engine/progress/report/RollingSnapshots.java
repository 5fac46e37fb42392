package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a rolling update maps onto a snapshot: its track (pre-hook, one stop per batch, post-hook, rollback), keyed by
 * the phase names {@code RollingUpdate} announces, and its outcomes as states.
 */
public final class RollingSnapshots {

    private RollingSnapshots() {
    }

    /**
     * The snapshot plan of a rolling update.
     *
     * @param plan the rollout
     * @param fromVersion the version running before (the caller read it from the Deployment), or null
     * @param cluster the configured cluster's name, or null
     */
    public static SnapshotPlan plan(RollingPlan plan, String fromVersion, String cluster) {
        List<PlannedStep> track = new ArrayList<>();
        if (plan.preHook() != null) {
            track.add(new PlannedStep("pre-hook", TrackStep.Kind.HOOK, "pre-hook", null, null, Set.of("pre-hook"), false));
        }
        List<Integer> percents = plan.batches().percents();
        for (int i = 0; i < percents.size(); i++) {
            // The first batch begins with the write ("apply"); a single-step rollout never announces a batch.
            Set<String> phases = i == 0 ? Set.of("apply", batchPhase(1, percents.size()))
                    : Set.of(batchPhase(i + 1, percents.size()));
            track.add(new PlannedStep("batch-" + (i + 1), TrackStep.Kind.BATCH, percents.get(i) + "%", percents.get(i),
                    null, phases, false));
        }
        if (plan.postHook() != null) {
            track.add(new PlannedStep("post-hook", TrackStep.Kind.HOOK, "post-hook", null, null, Set.of("post-hook"),
                    false));
        }
        track.add(new PlannedStep("rollback", TrackStep.Kind.ROLLBACK, "roll back", null, null, Set.of("rolling back"),
                true));
        List<String> images = plan.images().stream().map(i -> i.container() + "=" + i.image()).toList();
        RolloutSnapshot.Target target = new RolloutSnapshot.Target("Deployment", plan.deployment(), plan.namespace(),
                cluster, plan.analysisService(), images);
        return new SnapshotPlan("rolling", target, fromVersion, ImageChange.tagOf(plan.images().get(0).image()), track,
                plan.analysis() == null ? List.of() : plan.analysis().checks());
    }

    private static String batchPhase(int batch, int batches) {
        return "batch " + batch + " of " + batches;
    }
}
