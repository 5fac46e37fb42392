package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.GatePreflight;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRevisions;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.List;

/** What the metric gates of a rolling update judge: the new ReplicaSet's pods, against the previous one's. */
final class RollingGates {

    private RollingGates() {
    }

    /**
     * The new version is named by the tag of the first changed container's image (the {@code version} label of the
     * request metrics); its pods by the new ReplicaSet's name. The baseline, when given, likewise.
     */
    static AnalysisTarget target(RollingPlan plan, ReplicaSet fresh, ReplicaSet baseline) {
        String container = plan.images().get(0).container();
        AnalysisTarget target = AnalysisTarget.of(plan.namespace(), plan.analysisService(),
                ImageChange.tagOf(RollingUpdate.imageOf(fresh, container)), DeploymentRevisions.podNamePattern(fresh));
        return baseline == null ? target : target.withBaseline(ImageChange.tagOf(RollingUpdate.imageOf(baseline, container)),
                DeploymentRevisions.podNamePattern(baseline));
    }

    /**
     * The gates as the preflight asks them, before the new ReplicaSet exists: the new version by its image tag, its
     * pods by the Deployment's pod-name shape (the ReplicaSet's hash is the controller's to pick), the baseline by the
     * ReplicaSet running now. Reads only.
     */
    static List<GatePreflight.Gates> preflight(RolloutContext context, RollingPlan plan, Deployment current) {
        if (plan.analysis() == null) {
            return List.of();
        }
        ImageChange first = plan.images().get(0);
        AnalysisTarget target = AnalysisTarget.of(plan.namespace(), plan.analysisService(), ImageChange.tagOf(first.image()),
                plan.deployment().replace(".", "\\.") + "-[a-z0-9]+-[a-z0-9]+");
        ReplicaSet running = plan.analysis().isComparative()
                ? DeploymentRevisions.of(context.client(), current).newest().orElse(null) : null;
        if (running != null) {
            target = target.withBaseline(ImageChange.tagOf(RollingUpdate.imageOf(running, first.container())),
                    DeploymentRevisions.podNamePattern(running));
        }
        return List.of(GatePreflight.Gates.at("analysis", plan.analysis(), target));
    }
}
