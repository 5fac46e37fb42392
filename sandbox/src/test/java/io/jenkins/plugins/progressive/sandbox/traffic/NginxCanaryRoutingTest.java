package io.jenkins.plugins.progressive.sandbox.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NGINX Ingress canary annotations, resolved without sending. */
@EnableKubernetesMockClient(crud = true)
class NginxCanaryRoutingTest {

    private static final String HOST = "shop.example.com";

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    private RoutingObjects objects;
    private TrafficResolver resolver;

    @BeforeEach
    void primaryIngressServicesAndPods() {
        objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web", "version", "v1"));
        objects.service("web-canary", Map.of("app", "web", "version", "v2"));
        objects.ingress("web", HOST, "web", Map.of());
        resolver = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "web-v1-a", "web", "v1"), Shares.pod("shop", "web-v2-a", "web", "v2")),
                "shop", "web");
    }

    @Test
    void canaryWeightDivertsItsShareOfTheHost() {
        canary(Map.of("canary-weight", "30"));
        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v2")).isCloseTo(0.30, within(0.015));

        canary(Map.of("canary-weight", "30", "canary-weight-total", "1000"));
        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v2")).isCloseTo(0.03, within(0.006));
    }

    @Test
    void withoutCanaryIngressEverythingGoesToThePrimaryBackend() {
        assertThat(Shares.of(resolver, Shares.plain(), 1000)).containsOnlyKeys("v1");
    }

    @Test
    void canaryByHeaderAlwaysAndNeverOverrideTheWeight() {
        canary(Map.of("canary-by-header", "x-canary", "canary-weight", "50"));

        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "always"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "never"), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.withHeader("x-canary", "maybe"), 20_000).get("v2"))
                .isCloseTo(0.5, within(0.015));
    }

    @Test
    void canaryByHeaderValueAndByCookie() {
        canary(Map.of("canary-by-header", "x-group", "canary-by-header-value", "beta", "canary-by-cookie", "canary"));

        assertThat(Shares.of(resolver, Shares.withHeader("x-group", "beta"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withHeader("x-group", "always"), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.withCookie("canary", "always"), 1000)).containsOnlyKeys("v2");
        assertThat(Shares.of(resolver, Shares.withCookie("canary", "never"), 1000)).containsOnlyKeys("v1");
        assertThat(Shares.of(resolver, Shares.plain(), 1000)).containsOnlyKeys("v1");
    }

    @Test
    void canaryIngressOfAnotherHostDoesNotApply() {
        objects.ingress("web-canary", "admin.example.com", "web-canary", annotations(Map.of("canary-weight", "100")));
        resolver.refresh();

        assertThat(Shares.of(resolver, Shares.plain(), 1000)).containsOnlyKeys("v1");
    }

    @Test
    void cookieNeverWinsOverWeightButHeaderGoesFirst() {
        Map<String, String> annotations = Map.of(IngressCanaryRouting.PREFIX + "canary-by-header", "x-canary",
                IngressCanaryRouting.PREFIX + "canary-by-cookie", "canary",
                IngressCanaryRouting.PREFIX + "canary-weight", "100");
        Random random = new Random(3);

        assertThat(IngressCanaryRouting.divertsToCanary(annotations, Shares.withCookie("canary", "never"), random))
                .isFalse();
        assertThat(IngressCanaryRouting.divertsToCanary(annotations, TrafficRequest.of("/",
                Map.of("x-canary", "always"), Map.of("canary", "never")), random)).isTrue();
        assertThat(IngressCanaryRouting.divertsToCanary(annotations, Shares.plain(), random)).isTrue();
    }

    /** balancer.lua: a backend without a ready endpoint has no balancer, and without the primary's the location is 503. */
    @Test
    void aPrimaryBackendWithoutReadyPodsAnswers503EvenAtCanaryWeight100() {
        canary(Map.of("canary-weight", "100"));
        TrafficResolver canaryPodsOnly = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "web-v2-a", "web", "v2")), "shop", "web");

        Resolution resolution = canaryPodsOnly.resolve(Shares.plain(), new Random(1));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Unroutable.class, u -> {
            assertThat(u.status()).isEqualTo(503);
            assertThat(u.reason()).contains("Service web has no ready endpoint");
        });
    }

    @Test
    void aCanaryBackendWithoutReadyPodsLeavesEveryRequestOnThePrimary() {
        canary(Map.of("canary-weight", "100"));
        TrafficResolver stablePodsOnly = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "web-v1-a", "web", "v1")), "shop", "web");

        assertThat(Shares.of(stablePodsOnly, Shares.plain(), 1000)).containsOnlyKeys("v1");
    }

    @Test
    void aWeightTotalBelow100CountsAs100() {
        canary(Map.of("canary-weight", "30", "canary-weight-total", "50"));

        assertThat(Shares.of(resolver, Shares.plain(), 20_000).get("v2")).isCloseTo(0.30, within(0.015));
    }

    private void canary(Map<String, String> canaryAnnotations) {
        objects.ingress("web-canary", HOST, "web-canary", annotations(canaryAnnotations));
        resolver.refresh();
    }

    private static Map<String, String> annotations(Map<String, String> canaryAnnotations) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(IngressCanaryRouting.PREFIX + "canary", "true");
        canaryAnnotations.forEach((k, v) -> annotations.put(IngressCanaryRouting.PREFIX + k, v));
        return annotations;
    }
}
