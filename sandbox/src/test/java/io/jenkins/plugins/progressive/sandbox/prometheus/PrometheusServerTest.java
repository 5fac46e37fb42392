package io.jenkins.plugins.progressive.sandbox.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.workload.Eventually;
import io.jenkins.plugins.progressive.sandbox.workload.MockServerLogs;
import io.jenkins.plugins.progressive.sandbox.workload.TestPods;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real Prometheus: it scrapes the workloads through file_sd and sees what they do. */
@EnableKubernetesMockClient(crud = true)
class PrometheusServerTest {

    /** Covers the first scrape after start (~5 s) and Prometheus' 5 s target-update throttle. */
    private static final Duration FIRST_SCRAPE = Duration.ofSeconds(20);

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @Tag("needs-tools")
    @Test
    void errorRateChangeShowsInPromQlWithinTenSecondsAndDeletedPodLeavesTheTargets() {
        PrometheusServer prometheus = PrometheusServer.shared();
        String ratio = "(sum(rate(http_requests_total{namespace=\"errors\",code=~\"5..\"}[3s])) or vector(0))"
                + " / sum(rate(http_requests_total{namespace=\"errors\"}[3s]))";
        client.services().inNamespace("errors").resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).endSpec().build()).create();
        try (Workloads workloads = Workloads.start(client, prometheus.targetsFile("prometheus-test-errors"))) {
            TestPods.create(client, "errors", "web-1", "web", "v1");
            TestPods.create(client, "errors", "web-2", "web", "v1");
            try (LoadGenerator load = LoadGenerator.start(client, workloads, LoadSpec.of("errors", "web", 100))) {
                Duration firstData = Eventually.await("Prometheus has a request rate", FIRST_SCRAPE,
                        () -> prometheus.instantQuery(ratio).isPresent());
                System.out.printf("Prometheus had the first error ratio of new pods after %d ms%n",
                        firstData.toMillis());
                assertThat(prometheus.instantQuery(ratio).orElseThrow()).isCloseTo(0.0, within(0.001));

                long changed = System.nanoTime();
                workloads.setProfile("web", "v1", VersionProfile.healthy().withErrorRate(0.2));
                double seen = Eventually.await("error ratio 0.2 ± 0.05 in Prometheus", Duration.ofSeconds(10),
                        () -> prometheus.instantQuery(ratio).orElse(-1), r -> Math.abs(r - 0.2) <= 0.05);
                long tookMillis = (System.nanoTime() - changed) / 1_000_000;
                System.out.printf("Prometheus showed error ratio %.3f %d ms after the error rate changed to 0.2%n",
                        seen, tookMillis);
                assertThat(seen).isCloseTo(0.2, within(0.05));
                reportWhenSettled(prometheus, ratio, changed);
                System.out.println("Load generator counted " + load.counts());
            }

            // The same file_sd file drives removals: a deleted pod is no longer scraped.
            assertThat(prometheus.instantQuery("count(up{namespace=\"errors\",job=\"sandbox-workloads\"} == 1)"))
                    .hasValue(2.0);
            long deleted = System.nanoTime();
            client.pods().inNamespace("errors").withName("web-2").delete();
            Eventually.await("web-2 no longer scraped", Duration.ofSeconds(15),
                    () -> prometheus.instantQuery("count(up{namespace=\"errors\",pod=\"web-2\"})").isEmpty());
            System.out.printf("Prometheus dropped the deleted pod's target after %d ms%n",
                    (System.nanoTime() - deleted) / 1_000_000);
            assertThat(prometheus.instantQuery("count(up{namespace=\"errors\",pod=\"web-1\",service=\"web\","
                    + "version=\"v1\"} == 1)")).hasValue(1.0);
        }
    }

    /** For the record only (window choice in analyses): when the 3 s-window ratio is within 0.02 of 0.2. */
    private static void reportWhenSettled(PrometheusServer prometheus, String ratio, long changed) {
        try {
            Eventually.await("settled", Duration.ofSeconds(3), () -> prometheus.instantQuery(ratio).orElse(-1),
                    r -> Math.abs(r - 0.2) <= 0.02);
            System.out.printf("... and within 0.02 of 0.2 after %d ms%n", (System.nanoTime() - changed) / 1_000_000);
        } catch (AssertionError notYet) {
            System.out.println("... and not within 0.02 of 0.2 3 s later: " + notYet.getMessage());
        }
    }

    @Tag("needs-tools")
    @Test
    void privateInstanceStopsAndDeletesItsDirectoryOnClose() {
        PrometheusServer own = PrometheusServer.start();
        Path directory = own.targetsDirectory().getParent();
        assertThat(own.instantQuery("vector(1)")).hasValue(1.0);
        assertThat(own.url().getHost()).isEqualTo("127.0.0.1");

        own.close();

        assertThat(own.isRunning()).isFalse();
        assertThat(directory).doesNotExist();
    }

    @Tag("needs-tools")
    @Test
    void sharedInstanceSurvivesClose() {
        PrometheusServer shared = PrometheusServer.shared();

        shared.close();

        assertThat(shared.isRunning()).isTrue();
        assertThat(PrometheusServer.shared()).isSameAs(shared);
    }

    @Tag("needs-tools")
    @Test
    void rejectedQueryFailsWithPrometheusOwnMessage() {
        PrometheusServer prometheus = PrometheusServer.shared();

        assertThatThrownBy(() -> prometheus.instantQuery("sum(")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sum(").hasMessageContaining("bad_data");
        assertThat(prometheus.instantQuery("absent_metric_xyz")).isEqualTo(OptionalDouble.empty());
    }

    @Test
    void missingBinaryFailsWithInstallAdvice() {
        assertThatThrownBy(() -> PrometheusServer.binary("/nonexistent/prometheus"))
                .hasMessageContaining("/nonexistent/prometheus")
                .hasMessageContaining("apt-get install -y --no-install-recommends prometheus")
                .hasMessageContaining(PrometheusServer.BINARY_ENV);
    }

    @Tag("needs-tools")
    @Test
    void targetsFileNameIsValidated() {
        assertThatThrownBy(() -> PrometheusServer.shared().targetsFile("../escape"))
                .hasMessageContaining("name");
    }
}
