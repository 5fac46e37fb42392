package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routing objects of one namespace as read at one moment. Requests are resolved against a
 * snapshot so that the many requests of a second cost a handful of API calls, not hundreds.
 * Lists are ordered oldest first (creationTimestamp, then name): the oldest object wins a conflict.
 */
record RoutingSnapshot(String namespace, Map<String, Service> services, List<HTTPRoute> httpRoutes,
                       List<GenericKubernetesResource> virtualServices,
                       List<GenericKubernetesResource> destinationRules, List<Ingress> ingresses) {

    static final ResourceDefinitionContext VIRTUAL_SERVICE = istio("VirtualService", "virtualservices");
    static final ResourceDefinitionContext DESTINATION_RULE = istio("DestinationRule", "destinationrules");

    static final Comparator<HasMetadata> OLDEST_FIRST = Comparator
            .comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getCreationTimestamp()))
            .thenComparing(o -> o.getMetadata().getName());

    RoutingSnapshot {
        services = Map.copyOf(services);
        httpRoutes = sorted(httpRoutes);
        virtualServices = sorted(virtualServices);
        destinationRules = sorted(destinationRules);
        ingresses = sorted(ingresses);
    }

    static RoutingSnapshot empty(String namespace) {
        return new RoutingSnapshot(namespace, Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    static RoutingSnapshot read(KubernetesClient client, String namespace) {
        return new RoutingSnapshot(namespace,
                client.services().inNamespace(namespace).list().getItems().stream()
                        .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity())),
                client.resources(HTTPRoute.class).inNamespace(namespace).list().getItems(),
                client.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(namespace).list().getItems(),
                client.genericKubernetesResources(DESTINATION_RULE).inNamespace(namespace).list().getItems(),
                client.network().v1().ingresses().inNamespace(namespace).list().getItems());
    }

    private static <T extends HasMetadata> List<T> sorted(List<T> objects) {
        return objects.stream().sorted(OLDEST_FIRST).toList();
    }

    private static ResourceDefinitionContext istio(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("networking.istio.io").withVersion("v1beta1")
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }
}
