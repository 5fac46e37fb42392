package io.jenkins.plugins.progressive.sandbox.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.workload.Eventually;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import io.jenkins.plugins.progressive.sandbox.workload.TestPods;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ServiceRoutingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    @Test
    void replicaRatioDecidesTheSplitBehindAPlainService() {
        new RoutingObjects(client, "shop").service("web", Map.of("app", "web"));
        TrafficResolver resolver = new TrafficResolver(client, () -> Shares.pods(
                Shares.pod("shop", "web-v1-a", "web", "v1"), Shares.pod("shop", "web-v1-b", "web", "v1"),
                Shares.pod("shop", "web-v1-c", "web", "v1"), Shares.pod("shop", "web-v2-a", "web", "v2"),
                Shares.pod("shop", "cart-1", "cart", "v9"), Shares.pod("other", "web-x", "web", "v7")),
                "shop", "web");

        Map<String, Double> shares = Shares.of(resolver, Shares.plain(), 20_000);

        assertThat(shares).containsOnlyKeys("v1", "v2");
        assertThat(shares.get("v2")).isCloseTo(0.25, within(0.015));
    }

    @Test
    void serviceWithoutSelectorOrReadyPodsIsUnavailable() {
        RoutingObjects objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web"));
        objects.service("external", Map.of());

        TrafficResolver noPods = new TrafficResolver(client, Shares::pods, "shop", "web");
        TrafficResolver noSelector = new TrafficResolver(client,
                () -> Shares.pods(Shares.pod("shop", "web-1", "web", "v1")), "shop", "external");
        TrafficResolver noService = new TrafficResolver(client,
                () -> Shares.pods(Shares.pod("shop", "web-1", "web", "v1")), "shop", "missing");

        assertThat(Shares.of(noPods, Shares.plain(), 10)).containsOnlyKeys("status:503");
        assertThat(Shares.of(noSelector, Shares.plain(), 10)).containsOnlyKeys("status:503");
        assertThat(Shares.of(noService, Shares.plain(), 10)).containsOnlyKeys("status:503");
    }

    @Test
    void blueGreenSelectorSwitchMovesAllTraffic() {
        RoutingObjects objects = new RoutingObjects(client, "shop");
        objects.service("web", Map.of("app", "web", "version", "blue"));
        try (Workloads workloads = Workloads.start(client, dir.resolve("targets.json"))) {
            TestPods.create(client, "shop", "web-blue-1", "web", "blue");
            TestPods.create(client, "shop", "web-green-1", "web", "green");
            Eventually.await("both pods served", TIMEOUT, () -> workloads.endpoints().size() == 2);
            try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", 200))) {
                TrafficCounts before = awaitRequests(load, 50);
                assertThat(before.byVersion()).containsOnlyKeys("blue");
                assertThat(before.count("blue", 200)).isEqualTo(before.total());

                objects.service("web", Map.of("app", "web", "version", "green"));
                load.resolver().refresh();
                load.resetCounts();

                TrafficCounts after = awaitRequests(load, 50);
                assertThat(after.byVersion()).containsOnlyKeys("green");
                assertThat(after.count("green", 200)).isEqualTo(after.total());
            }
        }
    }

    @Test
    void podThatStopsBeingReadyStopsGettingTraffic() {
        new RoutingObjects(client, "shop").service("web", Map.of("app", "web"));
        try (Workloads workloads = Workloads.start(client, dir.resolve("targets.json"))) {
            TestPods.create(client, "shop", "web-a", "web", "v1");
            TestPods.create(client, "shop", "web-b", "web", "v2");
            Eventually.await("both pods served", TIMEOUT, () -> workloads.endpoints().size() == 2);
            try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", 200))) {
                Eventually.await("both pods get traffic", TIMEOUT, load::counts,
                        c -> c.count("v1", 200) > 10 && c.count("v2", 200) > 10);

                TestPods.setReady(client, "shop", "web-b", false);
                Eventually.await("web-b no longer served", TIMEOUT,
                        () -> workloads.endpoint("shop", "web-b").isEmpty());
                load.resetCounts();

                TrafficCounts after = awaitRequests(load, 100);
                assertThat(after.byVersion()).containsOnlyKeys("v1");
                assertThat(after.count("v1", 200)).isEqualTo(after.total());
            }
        }
    }

    static TrafficCounts awaitRequests(LoadGenerator load, long atLeast) {
        return Eventually.await(atLeast + " answered requests", TIMEOUT, load::counts, c -> c.total() >= atLeast);
    }
}
