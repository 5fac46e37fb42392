package io.jenkins.plugins.progressive.engine.strategy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.engine.workload.PodTemplateChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-patch operations for pod-template changes, computed from the Deployment as read: images by container index,
 * env merged by name (a variable set here replaces a {@code valueFrom} of the same name), resources merged per
 * resource, pod annotations per key. Whatever is not named stays.
 */
public final class TemplatePatches {

    private TemplatePatches() {
    }

    public static void images(JsonPatch patch, Deployment original, List<ImageChange> images) {
        List<String> names = containers(original).stream().map(Container::getName).toList();
        for (ImageChange change : images) {
            patch.replace("/spec/template/spec/containers/" + names.indexOf(change.container()) + "/image", change.image());
        }
    }

    public static void merge(JsonPatch patch, Deployment original, PodTemplateChange change) {
        List<Container> containers = containers(original);
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            Map<String, String> env = change.env().get(container.getName());
            if (env != null) {
                patch.set("/spec/template/spec/containers/" + i + "/env", toJson(mergedEnv(container, env)));
            }
            Map<String, String> requests = change.requests().get(container.getName());
            Map<String, String> limits = change.limits().get(container.getName());
            if (requests != null || limits != null) {
                Map<String, Object> resources = new LinkedHashMap<>();
                resources.put("requests", merged(container.getResources() == null ? null : container.getResources().getRequests(), requests));
                resources.put("limits", merged(container.getResources() == null ? null : container.getResources().getLimits(), limits));
                patch.set("/spec/template/spec/containers/" + i + "/resources", resources);
            }
        }
        if (!change.annotations().isEmpty()) {
            Map<String, String> existing = original.getSpec().getTemplate().getMetadata() == null ? null
                    : original.getSpec().getTemplate().getMetadata().getAnnotations();
            if (existing == null) {
                if (original.getSpec().getTemplate().getMetadata() == null) {
                    patch.set("/spec/template/metadata", Map.of("annotations", change.annotations()));
                } else {
                    patch.set("/spec/template/metadata/annotations", change.annotations());
                }
            } else {
                change.annotations().forEach((k, v) -> patch.set("/spec/template/metadata/annotations/" + JsonPatch.escape(k), v));
            }
        }
    }

    private static List<EnvVar> mergedEnv(Container container, Map<String, String> wanted) {
        List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
        wanted.forEach((name, value) -> {
            EnvVar variable = new EnvVar(name, value, null);
            int existing = env.stream().map(EnvVar::getName).toList().indexOf(name);
            if (existing >= 0) {
                env.set(existing, variable);
            } else {
                env.add(variable);
            }
        });
        return env;
    }

    private static Map<String, String> merged(Map<String, Quantity> existing, Map<String, String> wanted) {
        Map<String, String> out = new LinkedHashMap<>();
        if (existing != null) {
            existing.forEach((k, v) -> out.put(k, v.toString()));
        }
        if (wanted != null) {
            out.putAll(wanted);
        }
        return out;
    }

    private static Object toJson(Object value) {
        return Serialization.unmarshal(Serialization.asJson(value), Object.class);
    }

    private static List<Container> containers(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers();
    }
}
