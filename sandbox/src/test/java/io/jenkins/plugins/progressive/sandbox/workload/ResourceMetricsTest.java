package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A served pod's /metrics, scraped over HTTP, has the resource series a cluster would have for it. */
@EnableKubernetesMockClient(crud = true)
class ResourceMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long SECOND = 1_000_000_000L;
    private static final double MIB = 1024 * 1024;
    private static final String CPU = "container_cpu_usage_seconds_total";
    private static final String MEMORY = "container_memory_working_set_bytes";
    private static final String REQUESTS = "kube_pod_container_resource_requests";
    private static final String LIMITS = "kube_pod_container_resource_limits";

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong clock = new AtomicLong(1000 * SECOND);
    private Workloads workloads;

    @BeforeEach
    void startWorkloads() {
        workloads = Workloads.start(client, dir.resolve("targets/web.json"), clock::get);
    }

    @AfterEach
    void stopWorkloads() {
        workloads.close();
    }

    @Test
    void everyContainerHasUsageAndTheSpecsRequestsAndLimits() throws Exception {
        workloads.setProfile("web", "v1", VersionProfile.healthy().withCpu(0.3).withMemory(200 * 1024 * 1024));
        client.pods().inNamespace("shop").resource(TestPods.pod("shop", "web-1", Map.of("app", "web", "version", "v1"),
                true,
                TestPods.container("web", "web:v1", Map.of("cpu", "500m", "memory", "256Mi"),
                        Map.of("cpu", "1", "memory", "512Mi")),
                TestPods.container("proxy", "envoy:1", Map.of("cpu", "10m", "memory", "64Mi"), Map.of()))).create();
        PodEndpoint pod = awaitEndpoint("web-1");

        clock.addAndGet(2 * SECOND);
        String text = scrapeText(pod);
        ScrapedMetrics metrics = ScrapedMetrics.parse(text);

        assertThat(text).contains("# TYPE " + CPU + " counter", "# TYPE " + MEMORY + " gauge",
                "# TYPE " + REQUESTS + " gauge", "# TYPE " + LIMITS + " gauge");
        assertThat(metrics.value(CPU, usage("web-1", "web")).orElseThrow()).isCloseTo(0.6, within(1e-9));
        assertThat(metrics.value(CPU, usage("web-1", "proxy")).orElseThrow())
                .isCloseTo(2 * ResourceMetrics.SIDECAR_CORES, within(1e-9));
        assertThat(metrics.value(MEMORY, usage("web-1", "web"))).hasValue(200 * MIB);
        assertThat(metrics.value(MEMORY, usage("web-1", "proxy"))).hasValue(ResourceMetrics.SIDECAR_MEMORY_BYTES);

        assertThat(metrics.value(REQUESTS, spec("web", "cpu", "core"))).hasValue(0.5);
        assertThat(metrics.value(REQUESTS, spec("web", "memory", "byte"))).hasValue(256 * MIB);
        assertThat(metrics.value(REQUESTS, spec("proxy", "cpu", "core"))).hasValue(0.01);
        assertThat(metrics.value(REQUESTS, spec("proxy", "memory", "byte"))).hasValue(64 * MIB);
        assertThat(metrics.value(LIMITS, spec("web", "cpu", "core"))).hasValue(1.0);
        assertThat(metrics.value(LIMITS, spec("web", "memory", "byte"))).hasValue(512 * MIB);
        assertThat(metrics.named(REQUESTS)).hasSize(4);
        assertThat(metrics.named(LIMITS)).as("the proxy has no limits").hasSize(2);
    }

    @Test
    void podWithoutResourcesHasDefaultUsageButNoRequestsOrLimits() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        PodEndpoint pod = awaitEndpoint("web-1");

        clock.addAndGet(10 * SECOND);
        ScrapedMetrics metrics = scrape(pod);

        assertThat(metrics.value(CPU, usage("web-1", "app")).orElseThrow()).isCloseTo(1.0, within(1e-9));
        assertThat(metrics.value(MEMORY, usage("web-1", "app"))).hasValue(128 * MIB);
        assertThat(metrics.named(REQUESTS)).isEmpty();
        assertThat(metrics.named(LIMITS)).isEmpty();
    }

    @Test
    void profileChangeSetsTheCpuRateFromThatMomentForThatVersionOnly() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        TestPods.create(client, "shop", "web-2", "web", "v2");
        PodEndpoint v1 = awaitEndpoint("web-1");
        PodEndpoint v2 = awaitEndpoint("web-2");

        clock.addAndGet(SECOND);
        workloads.setProfile("web", "v2", VersionProfile.healthy().withCpu(0.5).withMemory(300 * 1024 * 1024));
        clock.addAndGet(2 * SECOND);
        ScrapedMetrics before = scrape(v2);
        workloads.setProfile("web", "v2", VersionProfile.healthy().withCpu(0.0));
        clock.addAndGet(5 * SECOND);

        assertThat(before.value(CPU, usage("web-2", "app")).orElseThrow()).isCloseTo(0.1 + 1.0, within(1e-9));
        assertThat(before.value(MEMORY, usage("web-2", "app"))).hasValue(300 * MIB);
        assertThat(scrape(v2).value(CPU, usage("web-2", "app")).orElseThrow()).isCloseTo(1.1, within(1e-9));
        assertThat(scrape(v1).value(CPU, usage("web-1", "app")).orElseThrow()).isCloseTo(0.8, within(1e-9));
    }

    private static Map<String, String> usage(String pod, String container) {
        return Map.of("namespace", "shop", "pod", pod, "container", container);
    }

    private static Map<String, String> spec(String container, String resource, String unit) {
        return Map.of("namespace", "shop", "pod", "web-1", "container", container, "resource", resource, "unit", unit);
    }

    private PodEndpoint awaitEndpoint(String name) {
        return Eventually.await("pod " + name + " served", TIMEOUT, () -> workloads.endpoint("shop", name),
                Optional::isPresent).orElseThrow();
    }

    private ScrapedMetrics scrape(PodEndpoint pod) throws IOException, InterruptedException {
        return ScrapedMetrics.parse(scrapeText(pod));
    }

    private String scrapeText(PodEndpoint pod) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(pod.uri().resolve("/metrics")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
