package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health checks reach the pods through the API server's service proxy with the cluster client, and report what a
 * release engineer needs: the status, the expectation and a piece of the body, or why there was no answer.
 */
class ServiceProxyProbeTest {

    private static final String NS = "shop";

    private static Sandbox sandbox;

    @BeforeAll
    static void deploy() {
        sandbox = Sandbox.builder().start();
        deploy("web", "1.0", 2);
        deploy("broken", "1.0", 1);
        service("web");
        service("broken");
        service("idle");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sandbox.workloads().endpoints().size() < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pods not served: " + sandbox.workloads().endpoints());
            }
            sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void clearFaults() {
        sandbox.apiServer().faults().clear();
    }

    @Test
    void aHealthyServiceAnswersByPortNumberAndByPortName() {
        HealthCheckResult byNumber = probe(sandbox.client(), HttpHealthCheck.of("web", "80", "/healthz"));
        HealthCheckResult byName = probe(sandbox.client(), HttpHealthCheck.of("web", "http", "/healthz?full=1"));

        assertThat(byNumber.ok()).as(byNumber.message()).isTrue();
        assertThat(byNumber.status()).isEqualTo(200);
        assertThat(byNumber.message()).startsWith("GET web:80/healthz answered 200 in ");
        assertThat(byName.ok()).as(byName.message()).isTrue();
    }

    @Test
    void aFailingVersionFailsTheCheckWithItsStatusAndBody() {
        HttpHealthCheck check = HttpHealthCheck.of("broken", "80", "/healthz");
        assertThat(probe(sandbox.client(), check).ok()).as("healthy at first").isTrue();

        sandbox.workloads().setProfile("broken", "1.0", VersionProfile.healthy().withErrorRate(1.0));
        HealthCheckResult result = probe(sandbox.client(), check);

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.message()).matches("GET broken:80/healthz answered 500, expected 200: shop/broken-\\S+ 1\\.0 500");
    }

    @Test
    void noReadyPodIsTheProxysNoEndpointsAnswer() {
        HealthCheckResult result = probe(sandbox.client(), HttpHealthCheck.of("idle", "80", "/healthz"));

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isEqualTo(503);
        assertThat(result.message())
                .isEqualTo("GET idle:80/healthz answered 503, expected 200: no endpoints available for service \"idle\"");
    }

    @Test
    void theBodyMustContainTheExpectedText() {
        HealthCheckResult missing = probe(sandbox.client(), HttpHealthCheck.of("web", "80", "/healthz")
                .withBodyContains("status: ok"));
        HealthCheckResult present = probe(sandbox.client(), HttpHealthCheck.of("web", "80", "/healthz")
                .withBodyContains(" 1.0 200"));

        assertThat(missing.ok()).isFalse();
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.message()).matches("GET web:80/healthz answered 200 but the body did not contain "
                + "\"status: ok\": shop/web-\\S+ 1\\.0 200");
        assertThat(present.ok()).as(present.message()).isTrue();
    }

    @Test
    void aFailedAnswerIsNotRetriedEvenByAClientThatRetries() {
        // fabric8's default: 10 retries of every 5xx, which would turn this one 503 into a pass.
        try (KubernetesClient retrying = sandbox.apiServer().mockServer().createClient()) {
            assertThat(retrying.getConfiguration().getRequestRetryBackoffLimit()).isPositive();
            sandbox.apiServer().faults().inject(
                    ApiFault.error("GET", "/api/v1/namespaces/shop/services/web:80/proxy/.*", 503, 1));

            HealthCheckResult result = probe(retrying, HttpHealthCheck.of("web", "80", "/healthz"));

            assertThat(result.ok()).isFalse();
            assertThat(result.status()).isEqualTo(503);
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailure() {
        sandbox.apiServer().faults().inject(new ApiFault("GET",
                Pattern.compile("/api/v1/namespaces/shop/services/web:80/proxy/.*"), 0, Duration.ofSeconds(3), 1));

        HealthCheckResult result = probe(sandbox.client(), HttpHealthCheck.of("web", "80", "/slow")
                .withTimeout(Duration.ofMillis(300)));

        assertThat(result.ok()).isFalse();
        assertThat(result.status()).isZero();
        assertThat(result.message()).isEqualTo("GET web:80/slow did not answer within 300 ms");
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anUnreachableApiServerIsAFailureNotAnException() {
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build()) {
            HealthCheckResult result = probe(nowhere, HttpHealthCheck.of("web", "80", "/healthz"));

            assertThat(result.ok()).isFalse();
            assertThat(result.status()).isZero();
            assertThat(result.message()).startsWith("GET web:80/healthz failed: cannot connect to the API server: ");
        }
    }

    @Test
    void invalidChecksAreRejectedNamingTheField() {
        assertThatThrownBy(() -> HttpHealthCheck.of("Web", "80", "/")).hasMessageStartingWith("service must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "70000", "/")).hasMessageStartingWith("port must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "http_2", "/")).hasMessageStartingWith("port must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "80", "healthz")).hasMessageStartingWith("path must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "80", "/a b")).hasMessageStartingWith("path must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "80", "/").withExpectedStatus(42))
                .hasMessageStartingWith("expectedStatus must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "80", "/").withBodyContains(""))
                .hasMessageStartingWith("bodyContains must");
        assertThatThrownBy(() -> HttpHealthCheck.of("web", "80", "/").withTimeout(Duration.ZERO))
                .hasMessageStartingWith("timeout must");
    }

    private static HealthCheckResult probe(KubernetesClient client, HttpHealthCheck check) {
        return ServiceProxyProbe.probe(client, NS, check).join();
    }

    private static void deploy(String name, String version, int replicas) {
        sandbox.client().apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName(name).withImage("shop/" + name + ":" + version)
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
    }

    private static void service(String name) {
        sandbox.client().services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().addToSelector("app", name).addNewPort().withName("http").withPort(80).endPort().endSpec()
                .build()).create();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
