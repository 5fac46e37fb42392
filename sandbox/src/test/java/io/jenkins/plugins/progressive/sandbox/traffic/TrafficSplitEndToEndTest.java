package io.jenkins.plugins.progressive.sandbox.traffic;

import static io.jenkins.plugins.progressive.sandbox.traffic.HttpRouteRoutingTest.COOKIE_CANARY;
import static io.jenkins.plugins.progressive.sandbox.traffic.HttpRouteRoutingTest.weights;
import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.destination;
import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.weighted;
import static io.jenkins.plugins.progressive.sandbox.traffic.RoutingObjects.whenHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer;
import io.jenkins.plugins.progressive.sandbox.workload.Eventually;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import io.jenkins.plugins.progressive.sandbox.workload.TestPods;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real requests to real pod servers, split by the routing objects: the shares the load generator
 * observes (and, for HTTPRoute weights, the shares Prometheus computes) follow the weights and matches.
 */
@EnableKubernetesMockClient(crud = true)
class TrafficSplitEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** 1000 requests: the standard error of an 80/20 share is 1.3 points, so ±5 points is ~4 sigma. */
    private static final int SAMPLE = 1000;
    private static final double RATE = 500;

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private RoutingObjects objects;
    private Workloads workloads;

    @BeforeEach
    void servicesOfTwoVersions() {
        objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web"));
        objects.service("web-stable", Map.of("app", "web", "version", "v1"));
        objects.service("web-canary", Map.of("app", "web", "version", "v2"));
    }

    @AfterEach
    void stopWorkloads() {
        if (workloads != null) {
            workloads.close();
        }
    }

    @Tag("needs-tools")
    @Test
    void httpRouteWeightShiftMovesTheObservedShareAndPrometheusSeesIt() {
        PrometheusServer prometheus = PrometheusServer.shared();
        startPods(prometheus.targetsFile("traffic-test-httproute"));
        String canaryShare = "sum(rate(http_requests_total{namespace=\"shop\",version=\"v2\"}[3s]))"
                + " / sum(rate(http_requests_total{namespace=\"shop\"}[3s]))";
        objects.httpRoute("web", "web", weighted(weights(80, 20)));
        try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", RATE).withSeed(1))) {
            TrafficCounts at80 = awaitRequests(load, SAMPLE);
            double prometheusAt80 = Eventually.await("Prometheus share of v2 near 0.2", Duration.ofSeconds(20),
                    () -> prometheus.instantQuery(canaryShare).orElse(-1), s -> Math.abs(s - 0.2) <= 0.05);

            objects.httpRoute("web", "web", weighted(weights(50, 50)));
            load.resolver().refresh();
            load.resetCounts();
            long shifted = System.nanoTime();
            TrafficCounts at50 = awaitRequests(load, SAMPLE);
            double prometheusAt50 = Eventually.await("Prometheus share of v2 near 0.5", Duration.ofSeconds(10),
                    () -> prometheus.instantQuery(canaryShare).orElse(-1), s -> Math.abs(s - 0.5) <= 0.05);

            System.out.printf("HTTPRoute 80/20: generator v2 share %.3f of %d, Prometheus %.3f%n",
                    at80.share("v2"), at80.total(), prometheusAt80);
            System.out.printf("HTTPRoute 50/50: generator v2 share %.3f of %d, Prometheus %.3f (%d ms after shift)%n",
                    at50.share("v2"), at50.total(), prometheusAt50, (System.nanoTime() - shifted) / 1_000_000);
            assertThat(at80.share("v2")).isCloseTo(0.20, within(0.05));
            assertThat(at80.share("v1") + at80.share("v2")).isEqualTo(1.0);
            assertThat(at50.share("v2")).isCloseTo(0.50, within(0.05));
            assertThat(at50.errorRatio()).isZero();
        }
    }

    @Test
    void httpRouteHeaderAndCookieMatchesSendMatchingUsersOnlyToTheCanary() {
        startPods(dir.resolve("targets.json"));
        objects.httpRoute("web", "web", weighted(weights(100, 0)),
                whenHeader("x-canary", "Exact", "true", "web-canary"),
                whenHeader("cookie", "RegularExpression", COOKIE_CANARY, "web-canary"));
        LoadSpec spec = LoadSpec.of("shop", "web", RATE).withPopulations(
                UserPopulation.withHeader("beta-header", 0.1, "x-canary", "true"),
                UserPopulation.withCookie("beta-cookie", 0.1, "canary", "always"));
        try (LoadGenerator load = LoadGenerator.start(client, workloads, spec)) {
            TrafficCounts counts = Eventually.await("30 requests of each population", TIMEOUT, load::counts,
                    c -> c.population("beta-header").total() >= 30 && c.population("beta-cookie").total() >= 30);

            assertThat(counts.population("beta-header").byVersion()).containsOnlyKeys("v2");
            assertThat(counts.population("beta-cookie").byVersion()).containsOnlyKeys("v2");
            assertThat(counts.population(UserPopulation.DEFAULT_NAME).byVersion()).containsOnlyKeys("v1");
            assertThat(counts.share("v2")).isCloseTo(0.2, within(0.1));
        }
    }

    @Test
    void virtualServiceHeaderMatchSendsMatchingUsersOnlyToTheCanarySubset() {
        startPods(dir.resolve("targets.json"));
        objects.destinationRule("web", "web", Map.of("stable", Map.of("version", "v1"),
                "canary", Map.of("version", "v2")));
        objects.virtualService("web", List.of("web"), List.of(
                Map.of("match", List.of(Map.of("headers", Map.of("x-canary", Map.of("exact", "true")))),
                        "route", List.of(destination("web", "canary", 100))),
                Map.of("route", List.of(destination("web", "stable", 100)))));
        LoadSpec spec = LoadSpec.of("shop", "web", RATE)
                .withPopulations(UserPopulation.withHeader("beta", 0.1, "x-canary", "true"));
        try (LoadGenerator load = LoadGenerator.start(client, workloads, spec)) {
            TrafficCounts counts = Eventually.await("30 beta requests", TIMEOUT, load::counts,
                    c -> c.population("beta").total() >= 30);

            assertThat(counts.population("beta").byVersion()).containsOnlyKeys("v2");
            assertThat(counts.population(UserPopulation.DEFAULT_NAME).byVersion()).containsOnlyKeys("v1");
        }
    }

    @Test
    void nginxCanaryWeightAndCanaryByHeader() {
        startPods(dir.resolve("targets.json"));
        objects.service("web", Map.of("app", "web", "version", "v1"));
        objects.ingress("web", "shop.example.com", "web", Map.of());
        objects.ingress("web-canary", "shop.example.com", "web-canary", Map.of(
                IngressCanaryRouting.PREFIX + "canary", "true",
                IngressCanaryRouting.PREFIX + "canary-weight", "20",
                IngressCanaryRouting.PREFIX + "canary-by-header", "x-canary"));
        LoadSpec spec = LoadSpec.of("shop", "web", RATE).withSeed(2).withPopulations(
                UserPopulation.withHeader("opt-in", 0.05, "x-canary", "always"),
                UserPopulation.withHeader("opt-out", 0.05, "x-canary", "never"));
        try (LoadGenerator load = LoadGenerator.start(client, workloads, spec)) {
            TrafficCounts counts = Eventually.await(SAMPLE + " default requests", TIMEOUT, load::counts,
                    c -> c.population(UserPopulation.DEFAULT_NAME).total() >= SAMPLE);

            System.out.printf("NGINX canary-weight 20: generator v2 share %.3f of %d%n",
                    counts.population(UserPopulation.DEFAULT_NAME).share("v2"),
                    counts.population(UserPopulation.DEFAULT_NAME).total());
            assertThat(counts.population(UserPopulation.DEFAULT_NAME).share("v2")).isCloseTo(0.20, within(0.05));
            assertThat(counts.population("opt-in").byVersion()).containsOnlyKeys("v2");
            assertThat(counts.population("opt-out").byVersion()).containsOnlyKeys("v1");
        }
    }

    private void startPods(Path targetsFile) {
        workloads = Workloads.start(client, targetsFile);
        TestPods.create(client, "shop", "web-v1-a", "web", "v1");
        TestPods.create(client, "shop", "web-v1-b", "web", "v1");
        TestPods.create(client, "shop", "web-v2-a", "web", "v2");
        Eventually.await("three pods served", TIMEOUT, () -> workloads.endpoints().size() == 3);
    }

    private static TrafficCounts awaitRequests(LoadGenerator load, long atLeast) {
        return Eventually.await(atLeast + " answered requests", TIMEOUT, load::counts, c -> c.total() >= atLeast);
    }
}
