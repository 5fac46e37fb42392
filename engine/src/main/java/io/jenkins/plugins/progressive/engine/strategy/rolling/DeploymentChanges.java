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
import io.jenkins.plugins.progressive.engine.strategy.TemplatePatches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
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

    /**
     * Rejects changes the Deployment cannot take: images, env or resources for containers its pod template does not
     * have (naming the ones it has), or a manifest with another selector (the API server refuses to change it).
     */
    static void requireCompatible(RollingPlan plan, Deployment deployment) {
        if (plan.manifest() != null) {
            Deployment manifest = DeploymentManifest.parse(plan.manifest(), plan.namespace(), plan.deployment()).deployment();
            if (manifest.getSpec().getSelector() != null
                    && !manifest.getSpec().getSelector().equals(deployment.getSpec().getSelector())) {
                throw new PlanException("manifest: spec.selector differs from the Deployment's, and a selector cannot be "
                        + "changed; create a new Deployment instead");
            }
            return;
        }
        List<String> names = deployment.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getName).toList();
        List<String> named = new java.util.ArrayList<>(plan.images().stream().map(ImageChange::container).toList());
        named.addAll(plan.templateChange().containers());
        for (String container : named) {
            if (!names.contains(container)) {
                throw new PlanException("images: deployment " + plan.namespace() + "/" + plan.deployment()
                        + " has no container '" + container + "' (it has: " + String.join(", ", names) + ")");
            }
        }
    }

    /**
     * The new template and settings, in one write. With batches the Deployment is paused in the same write, so the
     * controller creates nothing until the first batch is released.
     */
    Deployment apply(String state) {
        JsonPatch patch = new JsonPatch();
        if (plan.manifest() != null) {
            Deployment manifest = DeploymentManifest.parse(plan.manifest(), plan.namespace(), plan.deployment()).deployment();
            patch.replace("/spec/template", Serialization.unmarshal(Serialization.asJson(manifest.getSpec().getTemplate()),
                    Map.class));
            settings(patch, manifest.getSpec().getMinReadySeconds(), manifest.getSpec().getProgressDeadlineSeconds());
        } else {
            TemplatePatches.images(patch, original, plan.images());
            TemplatePatches.merge(patch, original, plan.templateChange());
            settings(patch, null, null);
        }
        if (plan.batches().size() > 1) {
            patch.set("/spec/paused", true);
        }
        annotate(patch, plan.changeCause(), state);
        return write(patch);
    }

    /** The rollout's own settings win over a manifest's, which win over the Deployment's. */
    private void settings(JsonPatch patch, Integer manifestMinReady, Integer manifestDeadline) {
        patch.set("/spec/strategy", strategy(plan.parameters().maxSurge(), plan.parameters().maxUnavailable()));
        Integer minReady = plan.parameters().minReadySeconds() != null ? plan.parameters().minReadySeconds() : manifestMinReady;
        if (minReady != null) {
            patch.set("/spec/minReadySeconds", minReady);
        }
        Integer deadline = plan.parameters().progressDeadlineSeconds() != null
                ? plan.parameters().progressDeadlineSeconds() : manifestDeadline;
        if (deadline != null) {
            patch.set("/spec/progressDeadlineSeconds", deadline);
        }
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

    /**
     * Writes what of {@code patch} the Deployment does not hold yet, and nothing when it holds all of it: a resumed
     * rollout repeats the write of the step it was in, which may have landed before its engine stopped.
     */
    private Deployment write(JsonPatch patch) {
        var deployment = client.apps().deployments().inNamespace(plan.namespace()).withName(plan.deployment());
        Deployment current = deployment.get();
        JsonPatch effective = current == null ? patch : patch.against(current);
        if (effective.isEmpty()) {
            return current;
        }
        return deployment.patch(effective.context(), effective.toJson());
    }
}
