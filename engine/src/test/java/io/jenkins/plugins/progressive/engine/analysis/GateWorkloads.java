package io.jenkins.plugins.progressive.engine.analysis;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import java.time.Duration;
import java.util.OptionalDouble;

/** Deploys versions into the sandbox and waits until Prometheus has their metrics: the ground the gate tests stand on. */
final class GateWorkloads {

    static final String NAMESPACE = "gates";

    private final Sandbox sandbox;

    GateWorkloads(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * A Deployment {@code name} of {@code service:version} (pods labelled {@code app=service}, so they share the
     * Service), each pod requesting 500m CPU and limited to 256Mi memory.
     */
    GateWorkloads deploy(String name, String service, String version, int replicas) {
        sandbox.client().apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", service).addToMatchLabels("deployment", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", service).addToLabels("deployment", name).endMetadata()
                        .withNewSpec().addNewContainer().withName(service).withImage("shop/" + service + ":" + version)
                            .withNewResources().addToRequests("cpu", new Quantity("500m"))
                                .addToLimits("memory", new Quantity("256Mi")).endResources()
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        return this;
    }

    /** A Service selecting every pod of {@code service}, and traffic to it. */
    GateWorkloads serve(String service, double requestsPerSecond) {
        sandbox.client().services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withName(service).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addToSelector("app", service).addNewPort().withPort(80).endPort().endSpec().build()).create();
        if (requestsPerSecond > 0) {
            sandbox.startLoad(LoadSpec.of(NAMESPACE, service, requestsPerSecond));
        }
        return this;
    }

    /** Waits until Prometheus has a value for {@code promql} (e.g. a version's request rate is above zero). */
    void awaitData(String promql, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        OptionalDouble last = OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            last = sandbox.prometheus().instantQuery(promql);
            if (last.isPresent() && last.getAsDouble() > 0 && Double.isFinite(last.getAsDouble())) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("Prometheus had no positive value for " + promql + " within " + timeout + " (last " + last + ")");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
