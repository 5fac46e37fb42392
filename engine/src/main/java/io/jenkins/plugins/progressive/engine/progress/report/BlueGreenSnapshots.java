package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a blue/green release maps onto a snapshot: its track (adopt, deploy, checks, approval, switch, watch, scale
 * down, and a switch back once one starts), keyed by the phase names {@code BlueGreenDeploy} announces, and its
 * outcomes as states. Stops the plan leaves out (no approval, no watch gates, no scale-down delay) are not on the
 * track, so nothing shows as "not reached" that was never going to happen.
 */
public final class BlueGreenSnapshots {

    private BlueGreenSnapshots() {
    }

    /**
     * The snapshot plan of a blue/green release.
     *
     * @param plan the release
     * @param fromVersion the live slot's version (the caller read it from the cluster), or null
     * @param cluster the configured cluster's name, or null
     */
    public static SnapshotPlan plan(BlueGreenPlan plan, String fromVersion, String cluster) {
        String services = String.join(", ", plan.activeServices());
        List<PlannedStep> track = new ArrayList<>();
        // Only a plain Deployment's first release adopts it into the blue slot.
        track.add(phase("adopt", "adopt", "adopt", true, "the plain Deployment becomes the blue slot"));
        track.add(phase("deploy", "deploy", "deploy", false, "the new version starts on the idle slot"));
        track.add(phase("checks", "checks", "pre-promotion checks", false, "health checks and gates through "
                + plan.previewService() + ", before any user sees it"));
        if (plan.approval() != null) {
            track.add(new PlannedStep("approval", TrackStep.Kind.APPROVAL, "approval", null, null,
                    Set.of("awaiting approval"), false, "a person approves the switch"));
        }
        track.add(phase("switch", "switch", "switch", false, services + " switch to the new slot in one write each"));
        if (plan.postSwitch() != null) {
            track.add(phase("watch", "watch", "watch", false, "gates on the live version; a failure switches back"));
        }
        if (!plan.scaleDownDelay().isZero()) {
            track.add(phase("scale-down", "scale down", "scale down", false, "the old slot stays "
                    + plan.scaleDownDelay().toSeconds() + " s for a fast switch back, then goes to 0"));
        }
        track.add(new PlannedStep("rollback", TrackStep.Kind.ROLLBACK, "switch back", null, null,
                Set.of("switching back"), true, services + " back to the old slot"));
        List<String> images = plan.images().stream().map(i -> i.container() + "=" + i.image()).toList();
        RolloutSnapshot.Target target = new RolloutSnapshot.Target("Deployment", plan.app(), plan.namespace(), cluster,
                plan.app(), images);
        return new SnapshotPlan("blue-green", target, fromVersion, ImageChange.tagOf(plan.images().get(0).image()),
                track, SnapshotChecks.of(plan.prePromotion(), plan.postSwitch()), "service-selector");
    }

    private static PlannedStep phase(String id, String label, String phase, boolean optional, String detail) {
        return new PlannedStep(id, TrackStep.Kind.PHASE, label, null, null, Set.of(phase), optional, detail);
    }
}
