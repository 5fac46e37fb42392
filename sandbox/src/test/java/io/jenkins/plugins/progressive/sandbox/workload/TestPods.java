package io.jenkins.plugins.progressive.sandbox.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods as the controller simulator writes them (label app, label version, Ready condition),
 * created directly so tests need no controller.
 */
public final class TestPods {

    private TestPods() {
    }

    /** A ready pod with labels {@code app=<app>, version=<version>} plus {@code extraLabels}, image {@code <app>:<version>}. */
    public static Pod create(KubernetesClient client, String namespace, String name, String app, String version,
                             Map<String, String> extraLabels) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.put("app", app);
        labels.put("version", version);
        return client.pods().inNamespace(namespace).resource(pod(namespace, name, labels, app + ":" + version, true))
                .create();
    }

    /** A ready pod of {@code app} at {@code version}. */
    public static Pod create(KubernetesClient client, String namespace, String name, String app, String version) {
        return create(client, namespace, name, app, version, Map.of());
    }

    public static Pod pod(String namespace, String name, Map<String, String> labels, String image, boolean ready) {
        return pod(namespace, name, labels, ready, container("app", image, Map.of(), Map.of()));
    }

    /** A pod with these containers, the first being the app container. */
    public static Pod pod(String namespace, String name, Map<String, String> labels, boolean ready,
                          Container... containers) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withContainers(containers).endSpec()
                .withNewStatus().withPhase("Running").withConditions(readyCondition(ready)).endStatus()
                .build();
    }

    /** A container with {@code resources.requests} and {@code limits} as in a manifest, e.g. {@code cpu: 500m}. */
    public static Container container(String name, String image, Map<String, String> requests,
                                      Map<String, String> limits) {
        ContainerBuilder container = new ContainerBuilder().withName(name).withImage(image);
        if (!requests.isEmpty() || !limits.isEmpty()) {
            container.withNewResources().withRequests(quantities(requests)).withLimits(quantities(limits))
                    .endResources();
        }
        return container.build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> amounts) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        amounts.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
        return quantities;
    }

    /** Flips the Ready condition, as the kubelet does when a readiness probe starts or stops passing. */
    public static void setReady(KubernetesClient client, String namespace, String name, boolean ready) {
        client.pods().inNamespace(namespace).withName(name).editStatus(pod -> new PodBuilder(pod)
                .editStatus().withConditions(List.of(readyCondition(ready))).endStatus().build());
    }

    private static PodCondition readyCondition(boolean ready) {
        return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build();
    }
}
