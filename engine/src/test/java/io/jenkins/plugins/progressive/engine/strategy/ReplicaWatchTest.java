package io.jenkins.plugins.progressive.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replica watch against the sandbox's Deployment controller: every change of the counts is reported (and nothing
 * twice), a template change names the version the remaining pods run, events are told on the scheduler (or the
 * thread that started the watch), never on fabric8's callback threads, and nothing is told after {@code stop}.
 */
class ReplicaWatchTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private final List<RolloutEvent.Replicas> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().start();
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, r -> new Thread(r, "scheduler-" + n.incrementAndGet()));
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void reportsEachChangeOfEachDeploymentOnceByVersionUntilStopped() throws Exception {
        deploy("watch", "web", 2);
        RolloutContext context = new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), null,
                new EngineMetrics(), event -> {
                    if (event instanceof RolloutEvent.Replicas replicas) {
                        threads.add(Thread.currentThread().getName());
                        events.add(replicas);
                    }
                });
        // The canary Deployment does not exist (yet): it is left out until it does.
        ReplicaWatch watch = new ReplicaWatch(context, "watch", "app").follow("stable", "web").follow("canary", "web-canary");

        watch.start();
        assertThat(events).singleElement().extracting(RolloutEvent.Replicas::deployments).asList()
                .containsExactly(new VersionReplicas("stable", "web", "1.0", null, 2, 2, 2, 2, 2));

        patch("web", new JsonPatch().set("/spec/replicas", 3));
        await("3 of 3 available", d -> d.desired() == 3 && d.available() == 3);
        patch("web", new JsonPatch().set("/spec/template/spec/containers/0/image", "shop/web:2.0"));
        await("all on 2.0", d -> d.version().equals("2.0") && d.updated() == 3 && d.total() == 3 && d.available() == 3);

        List<VersionReplicas> seen = events.stream().map(e -> e.deployments().get(0)).toList();
        // Whether a reading catches the pods half replaced depends on when the controller writes status: the watch
        // reports the latest counts, not every intermediate one. The version it ran before is named either way.
        assertThat(seen.get(seen.size() - 1).previousVersion()).isEqualTo("1.0");
        assertThat(seen).extracting(VersionReplicas::version).containsSubsequence("1.0", "2.0");
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("reported only when it changed").isNotEqualTo(seen.get(i - 1));
        }
        String starter = Thread.currentThread().getName();
        assertThat(threads).allMatch(t -> t.equals(starter) || t.startsWith("scheduler-"), "the starter or the scheduler");

        watch.stop();
        int told = events.size();
        patch("web", new JsonPatch().set("/spec/replicas", 1));
        sandbox.client().apps().deployments().inNamespace("watch").withName("web").waitUntilCondition(d -> d != null
                && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReplicas()), 15, TimeUnit.SECONDS);
        assertThat(events).hasSize(told);
        assertThat(events.get(told - 1).deployments()).extracting(VersionReplicas::version, VersionReplicas::desired)
                .containsExactly(tuple("2.0", 3));
    }

    private void await(String what, Predicate<VersionReplicas> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.isEmpty() || !wanted.test(events.get(events.size() - 1).deployments().get(0))) {
            assertThat(System.nanoTime()).as(what + ": " + events).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void patch(String name, JsonPatch patch) {
        sandbox.client().apps().deployments().inNamespace("watch").withName(name).patch(patch.context(), patch.toJson());
    }

    private static void deploy(String namespace, String name, int replicas) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1.0").endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build();
        sandbox.client().apps().deployments().inNamespace(namespace).resource(deployment).create();
        sandbox.client().apps().deployments().inNamespace(namespace).withName(name).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }
}
