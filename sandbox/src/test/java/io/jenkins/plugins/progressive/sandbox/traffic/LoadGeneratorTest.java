package io.jenkins.plugins.progressive.sandbox.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.workload.Eventually;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import io.jenkins.plugins.progressive.sandbox.workload.TestPods;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class LoadGeneratorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private Workloads workloads;

    @BeforeEach
    void service() {
        new RoutingObjects(client, "shop").service("web", Map.of("app", "web"));
        workloads = Workloads.start(client, dir.resolve("targets.json"));
    }

    @AfterEach
    void stop() {
        workloads.close();
    }

    @Test
    void neverSendsFasterThanTheConfiguredRate() {
        startPods("v1");
        try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", 100))) {
            load.resetCounts();
            long started = System.nanoTime();
            Eventually.await("100 answers", TIMEOUT, load::counts, c -> c.total() >= 100);
            Duration at100 = Duration.ofNanos(System.nanoTime() - started);

            load.setRequestsPerSecond(400);
            load.resetCounts();
            started = System.nanoTime();
            Eventually.await("200 answers", TIMEOUT, load::counts, c -> c.total() >= 200);
            Duration at400 = Duration.ofNanos(System.nanoTime() - started);

            assertThat(at100).isGreaterThan(Duration.ofMillis(900));
            assertThat(at400).isGreaterThan(Duration.ofMillis(450)).isLessThan(at100);
            assertThat(load.requestsPerSecond()).isEqualTo(400);
        }
    }

    @Test
    void countsAnswersPerVersionAndStatusCode() {
        startPods("v1", "v2");
        workloads.setProfile("web", "v2", VersionProfile.healthy().withErrorRate(1.0));
        try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", 200))) {
            TrafficCounts counts = Eventually.await("answers from both versions", TIMEOUT, load::counts,
                    c -> c.count("v1") >= 20 && c.count("v2") >= 20);

            assertThat(counts.count("v1", 200)).isEqualTo(counts.count("v1"));
            assertThat(counts.count("v2", 500)).isEqualTo(counts.count("v2"));
            assertThat(counts.errorRatio()).isEqualTo((double) counts.count("v2") / counts.total());
        }
    }

    @Test
    void requestsBeyondMaxInFlightAreDroppedNotQueued() {
        startPods("v1");
        workloads.setProfile("web", "v1", VersionProfile.healthy()
                .withLatency(Duration.ofMillis(400), Duration.ofMillis(400)));
        LoadSpec spec = LoadSpec.of("shop", "web", 200).withMaxInFlight(5);
        try (LoadGenerator load = LoadGenerator.start(client, workloads, spec)) {
            TrafficCounts counts = Eventually.await("dropped requests", TIMEOUT, load::counts,
                    c -> c.dropped() >= 50 && c.total() >= 5);

            // At most 5 answers per 400 ms while 80 requests were due.
            assertThat(counts.total()).isLessThan(counts.dropped());
        }
    }

    @Test
    void requestsWithoutAReadyPodAreCountedAsUnrouted() {
        try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("shop", "web", 100))) {
            TrafficCounts counts = Eventually.await("20 requests", TIMEOUT, load::counts, c -> c.total() >= 20);

            assertThat(counts.count(TrafficCounts.UNROUTED, 503)).isEqualTo(counts.total());
        }
    }

    @Test
    void specsAreValidatedNamingTheParameter() {
        assertThatThrownBy(() -> LoadSpec.of("shop", "web", 0)).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> LoadSpec.of("", "web")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> LoadSpec.of("shop", "web").withPopulations(
                UserPopulation.withHeader("a", 0.6, "x", "1"), UserPopulation.withHeader("b", 0.6, "x", "2")))
                .hasMessageContaining("populations").hasMessageContaining("at most 1");
        assertThatThrownBy(() -> LoadSpec.of("shop", "web").withPopulations(
                UserPopulation.withHeader("a", 0.1, "x", "1"), UserPopulation.withHeader("a", 0.1, "x", "2")))
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> LoadSpec.of("shop", "web").withPath("api")).hasMessageContaining("path");
        assertThatThrownBy(() -> LoadSpec.of("shop", "web").withMaxInFlight(0)).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> UserPopulation.withCookie(UserPopulation.DEFAULT_NAME, 0.1, "c", "1"))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> UserPopulation.withCookie("beta", 1.5, "c", "1")).hasMessageContaining("share");
    }

    @Test
    void requestCarriesCookiesInOneCookieHeader() {
        TrafficRequest request = TrafficRequest.of("/", Map.of("X-Canary", "true"), Map.of("canary", "always"));

        assertThat(request.header("x-canary")).contains("true");
        assertThat(request.cookie("canary")).contains("always");
        assertThat(request.cookie("other")).isEmpty();
        assertThat(new TrafficRequest("/", Map.of("Cookie", "a=1; canary=never")).cookie("canary")).contains("never");
    }

    private void startPods(String... versions) {
        for (String version : versions) {
            TestPods.create(client, "shop", "web-" + version, "web", version);
        }
        Eventually.await("pods served", TIMEOUT, () -> workloads.endpoints().size() == versions.length);
    }
}
