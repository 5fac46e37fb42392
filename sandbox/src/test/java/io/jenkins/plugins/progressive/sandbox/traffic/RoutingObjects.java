package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Creates the routing objects a rollout would write, in the shapes the real controllers expect. */
final class RoutingObjects {

    private final KubernetesClient client;
    private final String namespace;

    RoutingObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    Service service(String name, Map<String, String> selector) {
        return client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort().endSpec()
                .build()).createOr(existing -> existing.update());
    }

    /** A GAMMA route: attached to Service {@code parentService}, so it governs traffic addressed to it. */
    HTTPRoute httpRoute(String name, String parentService, HTTPRouteRule... rules) {
        return client.resources(HTTPRoute.class).inNamespace(namespace).resource(new HTTPRouteBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewParentRef().withGroup("").withKind("Service").withName(parentService).endParentRef()
                .withRules(rules).endSpec()
                .build()).createOr(existing -> existing.update());
    }

    /** A north-south route: attached to a Gateway, naming the service among its hostnames. */
    HTTPRoute httpRouteForHostnames(String name, List<String> hostnames, HTTPRouteRule... rules) {
        return client.resources(HTTPRoute.class).inNamespace(namespace).resource(new HTTPRouteBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewParentRef().withName("public-gateway").endParentRef()
                .withHostnames(hostnames).withRules(rules).endSpec()
                .build()).createOr(existing -> existing.update());
    }

    static HTTPRouteRule weighted(Map<String, Integer> weights) {
        return new HTTPRouteRuleBuilder().withBackendRefs(weights.entrySet().stream()
                .map(e -> backend(e.getKey(), e.getValue())).toList()).build();
    }

    static HTTPRouteRule whenHeader(String header, String type, String value, String backend) {
        return new HTTPRouteRuleBuilder().addNewMatch().addNewHeader().withName(header).withType(type)
                .withValue(value).endHeader().endMatch().withBackendRefs(backend(backend, 1)).build();
    }

    static HTTPBackendRef backend(String service, int weight) {
        return new HTTPBackendRefBuilder().withName(service).withPort(80).withWeight(weight).build();
    }

    GenericKubernetesResource virtualService(String name, List<String> hosts, List<Map<String, Object>> http) {
        return client.genericKubernetesResources(RoutingSnapshot.VIRTUAL_SERVICE).inNamespace(namespace)
                .resource(generic("VirtualService", name, Map.of("hosts", hosts, "http", http)))
                .createOr(existing -> existing.update());
    }

    GenericKubernetesResource destinationRule(String name, String host, Map<String, Map<String, String>> subsets) {
        List<Map<String, Object>> subsetList = subsets.entrySet().stream()
                .map(e -> Map.<String, Object>of("name", e.getKey(), "labels", e.getValue())).toList();
        return client.genericKubernetesResources(RoutingSnapshot.DESTINATION_RULE).inNamespace(namespace)
                .resource(generic("DestinationRule", name, Map.of("host", host, "subsets", subsetList)))
                .createOr(existing -> existing.update());
    }

    static Map<String, Object> destination(String host, String subset, int weight) {
        return Map.of("destination", Map.of("host", host, "subset", subset), "weight", weight);
    }

    Ingress ingress(String name, String host, String backendService, Map<String, String> annotations) {
        return client.network().v1().ingresses().inNamespace(namespace).resource(new IngressBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations).endMetadata()
                .withNewSpec().withIngressClassName("nginx").addNewRule().withHost(host).withNewHttp().addNewPath()
                .withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName(backendService)
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build()).createOr(existing -> existing.update());
    }

    private GenericKubernetesResource generic(String kind, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("networking.istio.io/v1beta1").withKind(kind)
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
    }
}
