package io.jenkins.plugins.progressive.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole chain through the facade: a Deployment rolled out by the controller simulator, its ready pods served as
 * real HTTP workloads, traffic routed by the Service, and the real Prometheus measuring each version.
 */
@Tag("needs-tools")
class SandboxEndToEndTest {

    @Test
    void aRolledOutVersionServesTrafficAndItsErrorsShowInPrometheus() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start()) {
            KubernetesClient client = sandbox.client();
            SandboxMain.deploySampleService(sandbox);
            LoadGenerator load = sandbox.startLoad(LoadSpec.of(SandboxMain.NAMESPACE, SandboxMain.SERVICE, 60));
            sandbox.workloads().setProfile("web", "2.0", VersionProfile.healthy().withErrorRate(0.2));
            awaitEndpoints(sandbox, "1.0");

            DeploymentImages.set(client, "demo", "web", "demo/web:2.0");
            client.apps().deployments().inNamespace("demo").withName("web").waitUntilCondition(d -> d != null
                    && d.getStatus() != null && d.getStatus().getObservedGeneration() == 2
                    && Integer.valueOf(3).equals(d.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(3).equals(d.getStatus().getAvailableReplicas())
                    && Integer.valueOf(3).equals(d.getStatus().getReplicas()), 15, TimeUnit.SECONDS);
            awaitEndpoints(sandbox, "2.0");

            String ratio = "sum(rate(http_requests_total{service=\"web\",version=\"2.0\",code=~\"5..\"}[5s]))"
                    + " / sum(rate(http_requests_total{service=\"web\",version=\"2.0\"}[5s]))";
            OptionalDouble seen = poll(sandbox, ratio, v -> Math.abs(v - 0.2) <= 0.05, Duration.ofSeconds(25));
            assertThat(seen).as("error ratio of version 2.0 in Prometheus").isPresent();
            assertThat(seen.getAsDouble()).isBetween(0.15, 0.25);

            load.resetCounts();
            TimeUnit.SECONDS.sleep(2); // collect a sample of answers; the assertion is on their ratio, not on time
            assertThat(load.counts().share("2.0")).isEqualTo(1.0);
            assertThat(load.counts().errorRatio()).isBetween(0.1, 0.3);
        }
    }

    /** Waits until exactly the three pods of {@code version} are served (the workloads follow pods by watch). */
    private static void awaitEndpoints(Sandbox sandbox, String version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var endpoints = sandbox.workloads().endpoints();
            if (endpoints.size() == 3 && endpoints.stream().allMatch(e -> version.equals(e.version()))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("not exactly 3 pods of " + version + " served: " + sandbox.workloads().endpoints());
    }

    private static OptionalDouble poll(Sandbox sandbox, String query, java.util.function.DoublePredicate wanted,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        OptionalDouble last = OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            last = sandbox.prometheus().instantQuery(query);
            if (last.isPresent() && wanted.test(last.getAsDouble())) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("Prometheus did not answer as wanted within " + timeout + "; last value " + last);
    }
}
