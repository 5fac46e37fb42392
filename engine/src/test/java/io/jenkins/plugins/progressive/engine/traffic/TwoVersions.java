package io.jenkins.plugins.progressive.engine.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import io.jenkins.plugins.progressive.sandbox.traffic.UserPopulation;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One namespace of the sandbox as the canary strategy leaves it before routing: the stable Deployment {@code web}
 * (image {@code shop/web:1.0}, so version "1.0") and the canary Deployment {@code web-canary} ({@code shop/web:2.0}),
 * the user's Service {@code web} selecting both, and the strategy's {@code web-stable} and {@code web-canary}.
 */
final class TwoVersions {

    static final String STABLE = "1.0";
    static final String CANARY = "2.0";
    /**
     * Requests per second: a share check needs up to 1225 requests (see {@link #sampleSize}), so this keeps each check
     * under 3 s; the pods answer in about a millisecond, and the generator never has more than 200 in flight.
     */
    static final double RATE = 500;

    final Sandbox sandbox;
    final KubernetesClient client;
    final String namespace;

    private TwoVersions(Sandbox sandbox, String namespace) {
        this.sandbox = sandbox;
        this.client = sandbox.client();
        this.namespace = namespace;
    }

    static TwoVersions deploy(Sandbox sandbox, String namespace, int stableReplicas, int canaryReplicas) {
        TwoVersions versions = new TwoVersions(sandbox, namespace);
        versions.deployment("web", "stable", STABLE, stableReplicas);
        versions.deployment("web-canary", "canary", CANARY, canaryReplicas);
        versions.service("web", Map.of("app", "web"));
        versions.service("web-stable", Map.of("app", "web", "track", "stable"));
        versions.service("web-canary", Map.of("app", "web", "track", "canary"));
        versions.awaitPods(stableReplicas, canaryReplicas);
        return versions;
    }

    /** What the canary strategy does beside the router: size the canary Deployment. */
    void scale(String deployment, int replicas) {
        client.apps().deployments().inNamespace(namespace).withName(deployment).edit(d -> new DeploymentBuilder(d)
                .editSpec().withReplicas(replicas).endSpec().build());
    }

    void awaitPods(int stable, int canary) {
        await("ready pods " + STABLE + "×" + stable + ", " + CANARY + "×" + canary, () -> pods(STABLE) == stable
                && pods(CANARY) == canary);
    }

    LoadGenerator load(String service, UserPopulation... populations) {
        return sandbox.startLoad(LoadSpec.of(namespace, service, RATE).withPopulations(populations));
    }

    /** Counts of requests routed after this call, once {@code population} has {@code atLeast} of them. */
    static TrafficCounts sample(LoadGenerator load, String population, int atLeast) {
        load.resolver().refresh();
        load.resetCounts();
        TrafficCounts[] counts = new TrafficCounts[1];
        await(atLeast + " requests of " + population, () -> {
            counts[0] = load.counts();
            return counts[0].population(population).total() >= atLeast;
        });
        return counts[0];
    }

    static TrafficCounts sample(LoadGenerator load, int atLeast) {
        return sample(load, UserPopulation.DEFAULT_NAME, atLeast);
    }

    /**
     * Requests to sample for a share near {@code expected} so that ±5 points are at least 3.5 standard errors
     * (a false failure about once in 2000 checks): n = p(1-p)·(3.5/0.05)², at least 500.
     */
    static int sampleSize(double expected) {
        return (int) Math.max(500, Math.ceil(expected * (1 - expected) * 4900));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private long pods(String version) {
        return sandbox.workloads().endpoints().stream()
                .filter(p -> p.namespace().equals(namespace) && p.version().equals(version)).count();
    }

    private void deployment(String name, String track, String version, int replicas) {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web")
                    .addToMatchLabels("track", track).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("track", track).endMetadata()
                        .withNewSpec().addNewContainer().withName("web").withImage("shop/web:" + version).endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build()).create();
    }

    private void service(String name, Map<String, String> selector) {
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withNewSpec().withSelector(selector).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
    }
}
