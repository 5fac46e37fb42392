package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deployments in the sandbox for rolling-update tests, and the context a rollout runs with. */
final class RollingFixture {

    final Sandbox sandbox;
    final ScheduledExecutorService scheduler;
    final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    final EngineMetrics metrics = new EngineMetrics();

    RollingFixture(Sandbox sandbox, ScheduledExecutorService scheduler) {
        this.sandbox = sandbox;
        this.scheduler = scheduler;
    }

    RolloutContext context(PrometheusQueries prometheus) {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), prometheus, metrics, events::add);
    }

    /** A Deployment {@code name} (pods labelled {@code app=name}) of {@code image}, completely rolled out. */
    Deployment deploy(String namespace, String name, String image, int replicas) {
        sandbox.client().apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().withTerminationGracePeriodSeconds(30L)
                            .addNewContainer().withName("app").withImage(image)
                                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8080))
                                    .endHttpGet().endReadinessProbe()
                                .withNewResources().addToRequests("cpu", new Quantity("500m"))
                                    .addToLimits("memory", new Quantity("256Mi")).endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        return sandbox.client().apps().deployments().inNamespace(namespace).withName(name).waitUntilCondition(
                d -> d != null && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE
                        && d.getStatus().getObservedGeneration() >= 1, 15, TimeUnit.SECONDS);
    }

    /** A Service for the Deployment's pods (port 80). */
    void serve(String namespace, String name) {
        sandbox.client().services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec().build()).create();
    }

    Deployment get(String namespace, String name) {
        return sandbox.client().apps().deployments().inNamespace(namespace).withName(name).get();
    }

    List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }
}
