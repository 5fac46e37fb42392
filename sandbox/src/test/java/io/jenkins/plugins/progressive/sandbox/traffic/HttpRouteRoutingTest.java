package io.jenkins.plugins.progressive.sandbox.traffic;

import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.weighted;
import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.whenHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway API HTTPRoute routing, resolved without sending (the end-to-end run is in {@link TrafficSplitEndToEndTest}). */
@EnableKubernetesMockClient(crud = true)
class HttpRouteRoutingTest {

    static final String COOKIE_CANARY = "(.*;\\s*)?canary=always(;.*)?";

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    private RoutingObjects objects;
    private TrafficResolver resolver;

    @BeforeEach
    void servicesAndPods() {
        objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web"));
        objects.service("web-stable", Map.of("app", "web", "version", "v1"));
        objects.service("web-canary", Map.of("app", "web", "version", "v2"));
        resolver = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "web-v1-a", "web", "v1"), Shares.pod("shop", "web-v1-b", "web", "v1"),
                Shares.pod("shop", "web-v2-a", "web", "v2")), "shop", "web");
    }

    @Test
    void backendWeightsDecideTheSplitWhateverTheReplicaRatio() {
        objects.httpRoute("web", "web", weighted(weights(80, 20)));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v2")).isCloseTo(0.20, within(0.015));

        objects.httpRoute("web", "web", weighted(weights(50, 50)));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v2")).isCloseTo(0.50, within(0.015));
    }

    @Test
    void headerAndCookieMatchesSendOnlyMatchingRequestsToTheCanary() {
        // The catch-all rule comes first: the more specific header rules must still win.
        objects.httpRoute("web", "web", weighted(weights(100, 0)),
                whenHeader("x-canary", "Exact", "true", "web-canary"),
                whenHeader("Cookie", "RegularExpression", COOKIE_CANARY, "web-canary"));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.withHeader("X-Canary", "true"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "false"), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.withCookie("canary", "always"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, new TrafficRequest("/", Map.of("Cookie", "session=42; canary=always")), 1000))
                .containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, new TrafficRequest("/", Map.of("Cookie", "canary=always; session=42")), 1000))
                .containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withCookie("canary", "never"), 1000)).containsOnlyKeys("v1");
    }

    @Test
    void routeNamingTheServiceAmongItsHostnamesAppliesToo() {
        objects.httpRouteForHostnames("web-public", List.of("web.shop.svc.cluster.local"), weighted(weights(0, 100)));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 100)).containsOnlyKeys("v2");
    }

    @Test
    void routeOfAnotherServiceDoesNotApply() {
        objects.service("cart", Map.of("app", "cart"));
        objects.httpRoute("cart", "cart", weighted(Map.of("cart", 1)));
        resolver.refresh();

        // Replica ratio through the plain Service: 2 of 3 pods run v1.
        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v1")).isCloseTo(2 / 3.0, within(0.015));
    }

    @Test
    void ruleWithoutWeightAnswers500AndUnmatchedRequestsAnswer404() {
        objects.httpRoute("web", "web", whenHeader("x-canary", "Exact", "true", "web-canary"),
                new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder(weighted(weights(0, 0)))
                        .addNewMatch().withNewPath().withType("PathPrefix").withValue("/zero").endPath().endMatch()
                        .build());
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 10)).containsOnlyKeys("status:404");
        assertThat(Shares.of(resolver, new TrafficRequest("/zero/x", Map.of()), 10)).containsOnlyKeys("status:500");
        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "true"), 10)).containsOnlyKeys("v2");
    }

    static Map<String, Integer> weights(int stable, int canary) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("web-stable", stable);
        weights.put("web-canary", canary);
        return weights;
    }
}
