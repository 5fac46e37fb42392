package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes a rolling update makes to its Deployment, each one JSON patch naming only the fields it changes (see
 * {@link JsonPatch} for why). The Deployment as it was before the rollout is kept to restore its own strategy.
 */
final class DeploymentChanges {

    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    /** Where the rollout mirrors its state on the cluster, so a resumed step can find where it was. */
    static final String STATE = "progressive.jenkins.io/rollout";

    private final KubernetesClient client;
    private final RollingPlan plan;
    private final Deployment original;

    DeploymentChanges(KubernetesClient client, RollingPlan plan, Deployment original) {
        this.client = client;
        this.plan = plan;
        this.original = original;
    }

    /** Rejects images for containers the pod template does not have, naming the ones it has. */
    static void requireContainers(RollingPlan plan, Deployment deployment) {
        List<String> names = deployment.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getName).toList();
        for (ImageChange change : plan.images()) {
            if (!names.contains(change.container())) {
                throw new PlanException("images: deployment " + plan.namespace() + "/" + plan.deployment()
                        + " has no container '" + change.container() + "' (it has: " + String.join(", ", names) + ")");
            }
        }
    }

    /**
     * The new template and settings, in one write. With batches the Deployment is paused in the same write, so the
     * controller creates nothing until the first batch is released.
     */
    Deployment apply(String state) {
        JsonPatch patch = new JsonPatch();
        List<Container> containers = original.getSpec().getTemplate().getSpec().getContainers();
        for (ImageChange change : plan.images()) {
            int index = containers.stream().map(Container::getName).toList().indexOf(change.container());
            patch.replace("/spec/template/spec/containers/" + index + "/image", change.image());
        }
        patch.set("/spec/strategy", strategy(plan.parameters().maxSurge(), plan.parameters().maxUnavailable()));
        if (plan.parameters().minReadySeconds() != null) {
            patch.set("/spec/minReadySeconds", plan.parameters().minReadySeconds());
        }
        if (plan.parameters().progressDeadlineSeconds() != null) {
            patch.set("/spec/progressDeadlineSeconds", plan.parameters().progressDeadlineSeconds());
        }
        if (plan.batches().size() > 1) {
            patch.set("/spec/paused", true);
        }
        annotate(patch, plan.changeCause(), state);
        return write(patch);
    }

    /** Releases one batch: exactly {@code surge} more new pods, none of the old ones taken away yet. */
    Deployment releaseBatch(int surge, String state) {
        JsonPatch patch = new JsonPatch()
                .set("/spec/strategy", Map.of("type", "RollingUpdate",
                        "rollingUpdate", Map.of("maxSurge", surge, "maxUnavailable", 0)))
                .set("/spec/paused", false);
        annotate(patch, null, state);
        return write(patch);
    }

    /** Holds the rollout where it is (between batches, or for a human). */
    Deployment pause(String state) {
        JsonPatch patch = new JsonPatch().set("/spec/paused", true);
        annotate(patch, null, state);
        return write(patch);
    }

    /** Lets the last step run with the rollout's own surge and unavailability. */
    Deployment releaseRest(String state) {
        JsonPatch patch = new JsonPatch()
                .set("/spec/strategy", strategy(plan.parameters().maxSurge(), plan.parameters().maxUnavailable()))
                .set("/spec/paused", false);
        annotate(patch, null, state);
        return write(patch);
    }

    /** Puts the previous revision's template back with the Deployment's original strategy, running. */
    Deployment restore(PodTemplateSpec previous, String cause, String state) {
        JsonPatch patch = new JsonPatch()
                .replace("/spec/template", Serialization.unmarshal(Serialization.asJson(previous), Map.class))
                .set("/spec/strategy", originalStrategy())
                .set("/spec/paused", false);
        annotate(patch, cause, state);
        return write(patch);
    }

    private Map<String, Object> strategy(String maxSurge, String maxUnavailable) {
        DeploymentStrategy own = original.getSpec().getStrategy();
        IntOrString surge = maxSurge != null ? RollingParameters.intOrString(maxSurge)
                : own != null && own.getRollingUpdate() != null && own.getRollingUpdate().getMaxSurge() != null
                        ? own.getRollingUpdate().getMaxSurge() : new IntOrString("25%");
        IntOrString unavailable = maxUnavailable != null ? RollingParameters.intOrString(maxUnavailable)
                : own != null && own.getRollingUpdate() != null && own.getRollingUpdate().getMaxUnavailable() != null
                        ? own.getRollingUpdate().getMaxUnavailable() : new IntOrString("25%");
        Map<String, Object> rolling = new LinkedHashMap<>();
        rolling.put("maxSurge", surge.getIntVal() != null ? surge.getIntVal() : surge.getStrVal());
        rolling.put("maxUnavailable", unavailable.getIntVal() != null ? unavailable.getIntVal() : unavailable.getStrVal());
        return Map.of("type", "RollingUpdate", "rollingUpdate", rolling);
    }

    private Map<String, Object> originalStrategy() {
        DeploymentStrategy own = original.getSpec().getStrategy();
        if (own != null && "Recreate".equals(own.getType())) {
            return Map.of("type", "Recreate");
        }
        return strategy(null, null);
    }

    private void annotate(JsonPatch patch, String changeCause, String state) {
        Map<String, String> values = new LinkedHashMap<>();
        if (changeCause != null) {
            values.put(CHANGE_CAUSE, changeCause);
        }
        if (state != null) {
            values.put(STATE, state);
        }
        if (values.isEmpty()) {
            return;
        }
        if (original.getMetadata().getAnnotations() == null) {
            // The first write creates the map; later writes in this rollout find it there.
            patch.set("/metadata/annotations", values);
            original.getMetadata().setAnnotations(new LinkedHashMap<>(values));
        } else {
            values.forEach((key, value) -> patch.set("/metadata/annotations/" + JsonPatch.escape(key), value));
        }
    }

    private Deployment write(JsonPatch patch) {
        return client.apps().deployments().inNamespace(plan.namespace()).withName(plan.deployment())
                .patch(patch.context(), patch.toJson());
    }
}
