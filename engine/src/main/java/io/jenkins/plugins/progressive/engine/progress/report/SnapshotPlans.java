package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;

/** What the page shows of a rollout before its first event, for any strategy's plan. */
public final class SnapshotPlans {

    private SnapshotPlans() {
    }

    /**
     * @param fromVersion the version running before, when the caller knows it; null lets the page learn it from the
     *     rollout's events
     * @param cluster the cluster's name, as an administrator configured it
     */
    public static SnapshotPlan of(RolloutPlan plan, String fromVersion, String cluster) {
        if (plan instanceof RollingPlan rolling) {
            return RollingSnapshots.plan(rolling, fromVersion, cluster);
        }
        if (plan instanceof StatefulPlan stateful) {
            return StatefulSnapshots.plan(stateful, fromVersion, cluster);
        }
        if (plan instanceof CanaryPlan canary) {
            return CanarySnapshots.plan(canary, fromVersion, cluster);
        }
        if (plan instanceof BlueGreenPlan blueGreen) {
            return BlueGreenSnapshots.plan(blueGreen, fromVersion, cluster);
        }
        throw new IllegalArgumentException("plan: no page for a " + plan.getClass().getSimpleName());
    }
}
