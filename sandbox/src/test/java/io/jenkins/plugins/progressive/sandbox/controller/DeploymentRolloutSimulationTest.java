package io.jenkins.plugins.progressive.sandbox.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.DeploymentImages;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated Deployment controller moves replicas through ReplicaSets the way the real one does. */
class DeploymentRolloutSimulationTest {

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
    @SuppressWarnings("try") // the watch only has to run while the rollout happens
    void imageChangeRollsOutWithinSurgeAndUnavailabilityAndNumbersRevisions() {
        String ns = "rolling";
        create(deployment(ns, "web", "shop/web:1", 4).build());
        Deployment first = waitFor(ns, "web", DeploymentRolloutSimulationTest::complete, 10);
        assertThat(first.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(progressing(first).getReason()).isEqualTo("NewReplicaSetAvailable");

        List<int[]> samples = new ArrayList<>();
        try (var watch = sampler(ns, samples)) {
            setImage(ns, "web", "shop/web:2");
            Deployment second = waitFor(ns, "web", d -> d.getMetadata().getGeneration() == 2 && complete(d), 15);
            assertThat(second.getStatus().getObservedGeneration()).isEqualTo(2L);
        }
        // maxSurge 1 / maxUnavailable 1 of 4: never more than 5 pods, never fewer than 3 available.
        assertThat(samples).isNotEmpty().allSatisfy(s -> {
            assertThat(s[0]).as("pods").isLessThanOrEqualTo(5);
            assertThat(s[1]).as("available").isGreaterThanOrEqualTo(3);
        });
        List<ReplicaSet> sets = replicaSets(ns);
        assertThat(sets).hasSize(2);
        ReplicaSet current = sets.stream().filter(rs -> rs.getSpec().getReplicas() == 4).findFirst().orElseThrow();
        assertThat(current.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/web:2");
        assertThat(current.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(current.getMetadata().getLabels()).containsKey("pod-template-hash");
        assertThat(sets).filteredOn(rs -> rs != current).allSatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        assertThat(pods(ns)).hasSize(4).allSatisfy(p ->
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("shop/web:2"));

        // Going back to the first template reuses its ReplicaSet, which becomes revision 3 (kubectl rollout undo).
        setImage(ns, "web", "shop/web:1");
        waitFor(ns, "web", d -> d.getMetadata().getGeneration() == 3 && complete(d), 15);
        ReplicaSet reused = replicaSets(ns).stream().filter(rs -> rs.getSpec().getReplicas() == 4).findFirst().orElseThrow();
        assertThat(reused.getMetadata().getName()).isNotEqualTo(current.getMetadata().getName());
        assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(replicaSets(ns)).hasSize(2);
    }

    @Test
    void podsThatNeverGetReadyExceedTheProgressDeadlineAndKeepTheOldVersionServing() {
        String ns = "deadline";
        sandbox.controller().faults().podsOf("shop/api:broken", PodBehaviour.neverReady());
        create(deployment(ns, "api", "shop/api:1", 3).editSpec().withProgressDeadlineSeconds(2).endSpec().build());
        waitFor(ns, "api", DeploymentRolloutSimulationTest::complete, 10);

        setImage(ns, "api", "shop/api:broken");
        Deployment stuck = waitFor(ns, "api",
                d -> "ProgressDeadlineExceeded".equals(progressing(d).getReason()), 10);
        assertThat(progressing(stuck).getStatus()).isEqualTo("False");
        assertThat(stuck.getStatus().getUpdatedReplicas()).isLessThan(3);
        // maxUnavailable 1 of 3: two old pods keep serving.
        assertThat(stuck.getStatus().getAvailableReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(available(stuck).getStatus()).isEqualTo("True");
    }

    @Test
    void pausedDeploymentDoesNotRollUntilResumed() throws Exception {
        String ns = "paused";
        create(deployment(ns, "cart", "shop/cart:1", 2).build());
        waitFor(ns, "cart", DeploymentRolloutSimulationTest::complete, 10);
        patch(ns, "cart", Map.of("spec", Map.of("paused", true)));
        setImage(ns, "cart", "shop/cart:2");
        Deployment paused = waitFor(ns, "cart", d -> "DeploymentPaused".equals(progressing(d).getReason())
                && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration(), 10);
        TimeUnit.MILLISECONDS.sleep(3 * Pace.DEFAULT.podReady().toMillis()); // give a wrongly moving controller time
        assertThat(replicaSets(ns)).hasSize(1);
        // The changed template has no ReplicaSet yet, so none of its replicas are updated (kubectl: "0 out of 2").
        assertThat(paused.getStatus().getUpdatedReplicas()).isZero();
        assertThat(paused.getStatus().getAvailableReplicas()).isEqualTo(2);

        patch(ns, "cart", Map.of("spec", Map.of("paused", false)));
        waitFor(ns, "cart", d -> complete(d) && "NewReplicaSetAvailable".equals(progressing(d).getReason()), 10);
        assertThat(replicaSets(ns)).hasSize(2);
    }

    @Test
    void crashLoopingPodsReportRestartsAndWaitingReason() {
        String ns = "crash";
        sandbox.controller().faults().podsOf("shop/crash:1", PodBehaviour.crashLooping());
        create(deployment(ns, "crash", "shop/crash:1", 1).build());
        Pod pod = waitForPod(ns, p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
                && "CrashLoopBackOff".equals(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()));
        assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isPositive();
        assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
    }

    // --- helpers

    static DeploymentBuilder deployment(String ns, String name, String image, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(1))
                    .endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                    .endTemplate()
                .endSpec();
    }

    private static void create(Deployment deployment) {
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(deployment).create();
    }

    private static void setImage(String ns, String name, String image) {
        DeploymentImages.set(client, ns, name, image);
    }

    private static void patch(String ns, String name, Map<String, Object> merge) {
        client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                io.fabric8.kubernetes.client.utils.Serialization.asJson(merge));
    }

    static boolean complete(Deployment d) {
        var s = d.getStatus();
        int replicas = d.getSpec().getReplicas();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && s.getUpdatedReplicas() != null && s.getUpdatedReplicas() == replicas
                && s.getReplicas() != null && s.getReplicas() == replicas
                && s.getAvailableReplicas() != null && s.getAvailableReplicas() == replicas;
    }

    static DeploymentCondition progressing(Deployment d) {
        return condition(d, "Progressing");
    }

    static DeploymentCondition available(Deployment d) {
        return condition(d, "Available");
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus() == null || d.getStatus().getConditions() == null ? new DeploymentCondition()
                : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                        .orElse(new DeploymentCondition());
    }

    private static Deployment waitFor(String ns, String name, Predicate<Deployment> condition, int seconds) {
        return client.apps().deployments().inNamespace(ns).withName(name)
                .waitUntilCondition(d -> d != null && condition.test(d), seconds, TimeUnit.SECONDS);
    }

    private static Pod waitForPod(String ns, Predicate<Pod> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var match = pods(ns).stream().filter(condition).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no pod in " + ns + " matched within 10 s: " + pods(ns));
    }

    private static List<ReplicaSet> replicaSets(String ns) {
        List<ReplicaSet> sets = new ArrayList<>(client.apps().replicaSets().inNamespace(ns).list().getItems());
        sets.sort(Comparator.comparing(rs -> rs.getMetadata().getName()));
        return sets;
    }

    private static List<Pod> pods(String ns) {
        return client.pods().inNamespace(ns).list().getItems();
    }

    /** Records [pods, available pods] on every pod change, as an observer of the rollout would see them. */
    private static io.fabric8.kubernetes.client.Watch sampler(String ns, List<int[]> samples) {
        var watch = client.pods().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod resource) {
                List<Pod> all = pods(ns);
                int ready = (int) all.stream().filter(Kubelet::isReady).count();
                synchronized (samples) {
                    samples.add(new int[] {all.size(), ready});
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        });
        return watch;
    }
}
