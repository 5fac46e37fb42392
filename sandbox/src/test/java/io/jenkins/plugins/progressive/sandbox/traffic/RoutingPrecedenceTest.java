package io.jenkins.plugins.progressive.sandbox.traffic;

import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.destination;
import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VirtualService > HTTPRoute > Ingress > plain Service, when several route the same service. */
@EnableKubernetesMockClient(crud = true)
class RoutingPrecedenceTest {

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void mostSpecificRoutingLayerDecidesAndTheNextTakesOverWhenItIsRemoved() {
        RoutingObjects objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web"));
        objects.service("web-v1", Map.of("app", "web", "version", "v1"));
        objects.service("web-v2", Map.of("app", "web", "version", "v2"));
        objects.service("web-v3", Map.of("app", "web", "version", "v3"));
        TrafficResolver resolver = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "a", "web", "v1"), Shares.pod("shop", "b", "web", "v2"),
                Shares.pod("shop", "c", "web", "v3")), "shop", "web");

        objects.ingress("web", "web", "web-v1", Map.of());
        objects.httpRoute("web", "web", weighted(Map.of("web-v2", 1)));
        objects.virtualService("web", List.of("web"), List.of(Map.of("route", List.of(
                Map.of("destination", Map.of("host", "web-v3"))))));
        resolver.refresh();
        assertThat(Shares.of(resolver, Shares.plain(), 300)).containsOnlyKeys("v3");
        assertThat(resolver.describe()).startsWith("VirtualService web");

        client.genericKubernetesResources(RoutingSnapshot.VIRTUAL_SERVICE).inNamespace("shop").withName("web").delete();
        resolver.refresh();
        assertThat(Shares.of(resolver, Shares.plain(), 300)).containsOnlyKeys("v2");

        client.resources(HTTPRoute.class).inNamespace("shop").withName("web").delete();
        resolver.refresh();
        assertThat(Shares.of(resolver, Shares.plain(), 300)).containsOnlyKeys("v1");

        client.network().v1().ingresses().inNamespace("shop").withName("web").delete();
        resolver.refresh();
        assertThat(Shares.of(resolver, Shares.plain(), 300)).containsOnlyKeys("v1", "v2", "v3");
    }

    @Test
    void destinationWithoutSubsetUsesTheWholeService() {
        RoutingObjects objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web"));
        objects.service("web-v2", Map.of("app", "web", "version", "v2"));
        objects.virtualService("web", List.of("web"), List.of(Map.of("route", List.of(
                destination("web-v2", "missing", 0), Map.of("destination", Map.of("host", "web-v2"), "weight", 100)))));
        TrafficResolver resolver = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "a", "web", "v1"), Shares.pod("shop", "b", "web", "v2")), "shop", "web");

        assertThat(Shares.of(resolver, Shares.plain(), 300)).containsOnlyKeys("v2");
    }
}
