package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guarantee behind the local lease check: once another holder has taken the lease, the API server itself refuses
 * the former holder's writes of the workload, whatever the former holder believes. Engine A's clock stands still (a
 * skewed or paused clock is exactly what defeats a local check), so A's own check lets its write out; the API server
 * answers 422 because the write tests A's term and the Deployment carries B's.
 */
class LeaseTermFencingTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.NONE).start();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void aFormerHolderWhoseOwnCheckStillPassesIsRefusedByTheApiServerOnceAnotherHolderTookOver() throws Exception {
        deployment("term", "web");
        KubernetesClient engineA = sandbox.apiServer().newClient("engine-a");
        KubernetesClient engineB = sandbox.apiServer().newClient("engine-b");
        CountDownLatch wake = new CountDownLatch(1);
        ScheduledExecutorService stalled = Executors.newSingleThreadScheduledExecutor();
        try {
            stalled.submit(() -> { wake.await(); return null; }); // A's renewals never run: its JVM is "paused"
            LeaseFence a = new LeaseFence(engineA);
            WorkloadLease leaseA = a.acquire("term", "Deployment", "web", "build-A", TTL, stalled,
                    Clock.fixed(Instant.now(), ZoneOffset.UTC));
            assertThat(annotation("term", "web")).isEqualTo(leaseA.term());

            LeaseFence b = new LeaseFence(engineB);
            WorkloadLease leaseB = takeOverOnceExpired(b, "term", "web");
            assertThat(leaseB.term()).isNotEqualTo(leaseA.term()).startsWith("build-B#");
            assertThat(annotation("term", "web")).isEqualTo(leaseB.term());

            int mark = sandbox.apiServer().writes().mark();
            JsonPatch stale = new JsonPatch().replace("/spec/template/spec/containers/0/image", "shop/web:stale");
            assertThatThrownBy(() -> a.client().apps().deployments().inNamespace("term").withName("web")
                    .patch(stale.context(), stale.toJson()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
            assertThat(sandbox.apiServer().writes().since(mark, "term", "engine-a"))
                    .as("A's local check let the write out; the API server refused it")
                    .extracting(ApiWrites.Write::method).containsExactly("PATCH");
            assertThat(image("term", "web")).isEqualTo("shop/web:1.0");

            JsonPatch current = new JsonPatch().replace("/spec/template/spec/containers/0/image", "shop/web:2.0");
            b.client().apps().deployments().inNamespace("term").withName("web").patch(current.context(), current.toJson());
            assertThat(image("term", "web")).isEqualTo("shop/web:2.0");
            leaseB.release();
        } finally {
            wake.countDown();
            stalled.shutdownNow();
            engineA.close();
            engineB.close();
        }
    }

    @Test
    void theHoldersOwnPatchesPassWithTheTestAndOtherObjectsAreNotTouched() {
        deployment("own", "api");
        LeaseFence fence = new LeaseFence(sandbox.apiServer().newClient("engine-own"));
        WorkloadLease lease = fence.acquire("own", "Deployment", "api", "build-7", TTL, scheduler);
        try {
            JsonPatch patch = new JsonPatch().replace("/spec/template/spec/containers/0/image", "shop/api:2.0");
            fence.client().apps().deployments().inNamespace("own").withName("api").patch(patch.context(), patch.toJson());
            assertThat(image("own", "api")).isEqualTo("shop/api:2.0");
            assertThat(annotation("own", "api")).isEqualTo(lease.term()).isEqualTo("build-7#0");
        } finally {
            lease.release();
        }
    }

    private static WorkloadLease takeOverOnceExpired(LeaseFence fence, String namespace, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return fence.acquire(namespace, "Deployment", name, "build-B", TTL, scheduler);
            } catch (RolloutConflictException fresh) {
                assertThat(System.nanoTime()).as("A's lease expires after its TTL").isLessThan(deadline);
                Thread.sleep(100); // polling the lease's expiry, a condition in the cluster
            }
        }
    }

    private static void deployment(String namespace, String name) {
        sandbox.client().apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1.0").endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build()).create();
    }

    private static String annotation(String namespace, String name) {
        Deployment deployment = sandbox.client().apps().deployments().inNamespace(namespace).withName(name).get();
        return deployment.getMetadata().getAnnotations() == null ? null
                : deployment.getMetadata().getAnnotations().get(TermFencedHttpClient.ANNOTATION);
    }

    private static String image(String namespace, String name) {
        return sandbox.client().apps().deployments().inNamespace(namespace).withName(name).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }
}
