package io.jenkins.plugins.progressive.sandbox.traffic;

import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.destination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Istio VirtualService + DestinationRule routing, resolved without sending. */
@EnableKubernetesMockClient(crud = true)
class VirtualServiceRoutingTest {

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    private RoutingObjects objects;
    private TrafficResolver resolver;

    @BeforeEach
    void serviceSubsetsAndPods() {
        objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web"));
        objects.destinationRule("web", "web", Map.of("stable", Map.of("version", "v1"),
                "canary", Map.of("version", "v2")));
        resolver = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "web-v1-a", "web", "v1"), Shares.pod("shop", "web-v1-b", "web", "v1"),
                Shares.pod("shop", "web-v1-c", "web", "v1"), Shares.pod("shop", "web-v2-a", "web", "v2")),
                "shop", "web");
    }

    @Test
    void weightsSplitTrafficBetweenSubsets() {
        objects.virtualService("web", List.of("web"), List.of(Map.of("route", List.of(
                destination("web", "stable", 90), destination("web", "canary", 10)))));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v2")).isCloseTo(0.10, within(0.01));
    }

    @Test
    void headerMatchesByExactPrefixAndRegexGoOnlyToTheMatchedSubset() {
        objects.virtualService("web", List.of("web.shop.svc.cluster.local"), List.of(
                toCanaryWhen("x-canary", "exact", "true"),
                toCanaryWhen("x-user", "prefix", "beta-"),
                toCanaryWhen("cookie", "regex", "^(.*?;\\s*)?(canary=always)(;.*)?$"),
                Map.of("route", List.of(destination("web.shop.svc.cluster.local", "stable", 100)))));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "true"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "TRUE"), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.withHeader("x-user", "beta-17"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withHeader("x-user", "17-beta"), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, new TrafficRequest("/", Map.of("cookie", "a=1; canary=always")), 1000))
                .containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, new TrafficRequest("/", Map.of("cookie", "canary=always; a=1")), 1000))
                .containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, new TrafficRequest("/", Map.of("cookie", "xcanary=always")), 1000))
                .containsOnlyKeys("v1");
    }

    @Test
    void firstMatchingHttpEntryWinsEvenIfALaterOneIsMoreSpecific() {
        objects.virtualService("web", List.of("web"), List.of(
                Map.of("route", List.of(destination("web", "stable", 100))),
                toCanaryWhen("x-canary", "exact", "true")));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "true"), 100)).containsOnlyKeys("v1");
    }

    @Test
    void unknownSubsetAnswers503AndUnmatchedRequestsAnswer404() {
        objects.virtualService("web", List.of("web"), List.of(
                toCanaryWhen("x-canary", "exact", "true"),
                Map.of("match", List.of(Map.of("uri", Map.of("prefix", "/new"))),
                        "route", List.of(destination("web", "preview", 100)))));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 10)).containsOnlyKeys("status:404");
        assertThat(Shares.of(resolver, new TrafficRequest("/new/cart", Map.of()), 10)).containsOnlyKeys("status:503");
    }

    private static Map<String, Object> toCanaryWhen(String header, String kind, String value) {
        return Map.of("match", List.of(Map.of("headers", Map.of(header, Map.of(kind, value)))),
                "route", List.of(destination("web", "canary", 100)));
    }
}
