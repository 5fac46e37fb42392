package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real Prometheus scrapes the pods' resource series and answers the usage-versus-request
 * queries a metric gate would ask, with the values the profile and the pod spec say.
 */
@EnableKubernetesMockClient(crud = true)
@Tag("needs-tools")
class ResourceMetricsPrometheusTest {

    /** Covers the first scrape after start (~5 s), the 5 s target-update throttle and a full window. */
    private static final Duration FIRST_DATA = Duration.ofSeconds(20);
    private static final long MIB = 1024L * 1024;
    private static final String NS = "namespace=\"resources\"";
    private static final String CPU_OF_REQUEST = "sum(rate(container_cpu_usage_seconds_total{" + NS + ",pod=~\"web-.*\"}[5s]))"
            + " / sum(kube_pod_container_resource_requests{" + NS + ",resource=\"cpu\",pod=~\"web-.*\"})";
    private static final String MEMORY_OF_LIMIT = "sum(container_memory_working_set_bytes{" + NS + ",pod=~\"web-.*\"})"
            + " / sum(kube_pod_container_resource_limits{" + NS + ",resource=\"memory\",pod=~\"web-.*\"})";
    /**
     * Both pods' series span the whole rate window (5 samples at 1 s). A series younger than the
     * window has too low a rate: rate() extrapolates at most half an interval before its first
     * sample (with 3 samples it measured 0.34 instead of 0.6), as it would for new pods in a cluster.
     */
    private static final String BOTH_PODS_FILL_THE_WINDOW =
            "count(count_over_time(container_cpu_usage_seconds_total{" + NS + "}[5s]) >= 5)";

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void cpuOverRequestAndMemoryOverLimitComeOutAsConfigured() {
        PrometheusServer prometheus = PrometheusServer.shared();
        try (Workloads workloads = Workloads.start(client, prometheus.targetsFile("workload-resources"))) {
            workloads.setProfile("web", "v1", VersionProfile.healthy().withCpu(0.3).withMemory(384 * MIB));
            for (String name : new String[] {"web-1", "web-2"}) {
                client.pods().inNamespace("resources").resource(TestPods.pod("resources", name,
                        Map.of("app", "web", "version", "v1"), true, TestPods.container("web", "web:v1",
                                Map.of("cpu", "500m", "memory", "256Mi"), Map.of("cpu", "1", "memory", "512Mi"))))
                        .create();
            }

            Duration waited = Eventually.await("both pods fill the rate window in Prometheus", FIRST_DATA,
                    () -> prometheus.instantQuery(BOTH_PODS_FILL_THE_WINDOW).orElse(0) == 2);
            double cpu = prometheus.instantQuery(CPU_OF_REQUEST).orElseThrow();
            double memory = prometheus.instantQuery(MEMORY_OF_LIMIT).orElseThrow();
            System.out.printf("after %d ms: cpu/request %.4f (expected 0.6), memory/limit %.4f (expected 0.75)%n",
                    waited.toMillis(), cpu, memory);

            assertThat(cpu).isCloseTo(0.3 / 0.5, within(0.06));
            assertThat(memory).isCloseTo(384.0 / 512, within(0.001));
            // honor_labels keeps the pod's namespace/pod; the target adds service/version, renames nothing.
            assertThat(prometheus.instantQuery("count(container_cpu_usage_seconds_total{" + NS
                    + ",pod=\"web-1\",container=\"web\",service=\"web\",version=\"v1\"})")).hasValue(1.0);
            assertThat(prometheus.instantQuery("count({" + NS + ",exported_pod!=\"\"}) or count({" + NS
                    + ",exported_namespace!=\"\"})")).isEmpty();
        }
    }
}
