package io.jenkins.plugins.progressive.sandbox.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.DeploymentImages;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs end the way their image is told to; slow pods are slow; Recreate never runs two versions at once. */
class JobAndPodFaultSimulationTest {

    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).start();
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void jobsCompleteFailOrRunIntoTheirDeadline() {
        sandbox.controller().faults().jobsOf("db/migrate:bad", JobOutcome.FAIL);
        sandbox.controller().faults().jobsOf("db/migrate:stuck", JobOutcome.HANG);
        create(job("ok", "db/migrate:1", null));
        create(job("bad", "db/migrate:bad", null));
        create(job("stuck", "db/migrate:stuck", 1L));

        assertThat(awaitFinished("ok").getStatus()).satisfies(s -> {
            assertThat(s.getSucceeded()).isEqualTo(1);
            assertThat(s.getConditions()).anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
        });
        assertThat(awaitFinished("bad").getStatus().getConditions())
                .anyMatch(c -> "Failed".equals(c.getType()) && "BackoffLimitExceeded".equals(c.getReason()));
        assertThat(awaitFinished("stuck").getStatus().getConditions())
                .anyMatch(c -> "Failed".equals(c.getType()) && "DeadlineExceeded".equals(c.getReason()));
    }

    @Test
    void slowPodsBecomeReadyOnlyAfterTheirLongerStart() {
        sandbox.controller().faults().podsOf("shop/slow:1", PodBehaviour.slow(6));
        long started = System.nanoTime();
        client.apps().deployments().inNamespace("slow").resource(
                DeploymentRolloutSimulationTest.deployment("slow", "slow", "shop/slow:1", 1).build()).create();
        client.apps().deployments().inNamespace("slow").withName("slow")
                .waitUntilCondition(d -> d != null && DeploymentRolloutSimulationTest.complete(d), 10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).isGreaterThanOrEqualTo(6 * Pace.DEFAULT.podReady().toMillis());
    }

    @Test
    @SuppressWarnings("try") // the watch only has to run while the rollout happens
    void recreateStopsEveryOldPodBeforeStartingNewOnes() {
        Deployment recreate = DeploymentRolloutSimulationTest.deployment("recreate", "recreate", "shop/batch:1", 3)
                .editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec().build();
        client.apps().deployments().inNamespace("recreate").resource(recreate).create();
        awaitComplete("recreate", 1);

        List<Set<String>> imagesSeen = new CopyOnWriteArrayList<>();
        try (Watch watch = client.pods().inNamespace("recreate").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                imagesSeen.add(client.pods().inNamespace("recreate").list().getItems().stream()
                        .map(p -> p.getSpec().getContainers().get(0).getImage()).collect(Collectors.toSet()));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            DeploymentImages.set(client, "recreate", "recreate", "shop/batch:2");
            awaitComplete("recreate", 2);
        }
        assertThat(imagesSeen).anyMatch(images -> images.contains("shop/batch:2"))
                .noneMatch(images -> images.size() > 1);
    }

    private static void awaitComplete(String name, long generation) {
        client.apps().deployments().inNamespace(name).withName(name).waitUntilCondition(d -> d != null
                && d.getMetadata().getGeneration() == generation && DeploymentRolloutSimulationTest.complete(d),
                10, TimeUnit.SECONDS);
    }

    private static Job job(String name, String image, Long activeDeadlineSeconds) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("jobs").endMetadata()
                .withNewSpec().withActiveDeadlineSeconds(activeDeadlineSeconds).withNewTemplate().withNewSpec()
                    .addNewContainer().withName("main").withImage(image).endContainer().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec().build();
    }

    private static void create(Job job) {
        client.batch().v1().jobs().inNamespace("jobs").resource(job).create();
    }

    private static Job awaitFinished(String name) {
        return client.batch().v1().jobs().inNamespace("jobs").withName(name).waitUntilCondition(j -> j != null
                && j.getStatus() != null && j.getStatus().getConditions() != null && !j.getStatus().getConditions().isEmpty(),
                10, TimeUnit.SECONDS);
    }
}
