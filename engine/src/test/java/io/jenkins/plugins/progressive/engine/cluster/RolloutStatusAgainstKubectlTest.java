package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.DeploymentImages;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolls Deployments out through the sandbox's ReplicaSets and follows them twice: with our status logic on every
 * watch event, and with the real {@code kubectl rollout status} against the same API server. Both must reach the same
 * verdict with the same words, and every intermediate line kubectl prints must be one our logic produced too.
 */
@Tag("needs-tools")
class RolloutStatusAgainstKubectlTest {

    private static Sandbox sandbox;
    private static KubernetesClient client;
    @TempDir
    static Path dir;

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
    void imageChangeIsReportedLikeKubectlUntilSuccessfullyRolledOut() throws Exception {
        create(deployment("web", "shop/web:1", 4, 600));
        awaitPhase("web", RolloutPhase.COMPLETE);

        List<RolloutStatus> seen = new CopyOnWriteArrayList<>();
        try (Watch watch = follow("web", seen)) {
            setImage("web", "shop/web:2");
            Kubectl kubectl = Kubectl.rolloutStatus(sandbox.apiServer().writeKubeconfig(dir.resolve("kubeconfig")), "default", "web", dir);
            RolloutStatus last = awaitPhase("web", RolloutPhase.COMPLETE);
            assertThat(last.message()).isEqualTo("deployment \"web\" successfully rolled out");
            assertThat(kubectl.exitCode()).as(kubectl.toString()).isZero();
            assertThat(kubectl.lastLine()).isEqualTo(last.message());
            List<String> ours = seen.stream().map(RolloutStatus::message).toList();
            assertThat(ours).as("our logic followed the rollout through its stages")
                    .anyMatch(m -> m.contains("new replicas have been updated"))
                    .anyMatch(m -> m.contains("updated replicas are available") || m.contains("pending termination"));
            assertThat(kubectl.lines()).as("each line kubectl printed was also our verdict at some point")
                    .allSatisfy(line -> assertThat(ours).contains(line));
        }
    }

    @Test
    void podsThatNeverGetReadyFailAtTheProgressDeadlineLikeKubectl() throws Exception {
        sandbox.controller().faults().podsOf("shop/api:broken", PodBehaviour.neverReady());
        create(deployment("api", "shop/api:1", 2, 2));
        awaitPhase("api", RolloutPhase.COMPLETE);

        setImage("api", "shop/api:broken");
        Kubectl kubectl = Kubectl.rolloutStatus(sandbox.apiServer().writeKubeconfig(dir.resolve("kubeconfig")), "default", "api", dir);
        RolloutStatus failed = awaitPhase("api", RolloutPhase.FAILED);
        assertThat(failed.message()).isEqualTo("deployment \"api\" exceeded its progress deadline");
        assertThat(failed.available()).as("the old version keeps serving").isGreaterThanOrEqualTo(1);
        assertThat(kubectl.exitCode()).isNotZero();
        assertThat(kubectl.errors()).contains("error: " + failed.message());
    }

    // --- helpers

    private static Deployment deployment(String name, String image, int replicas, int deadlineSeconds) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(deadlineSeconds)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                    .endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    private static void create(Deployment deployment) {
        client.apps().deployments().inNamespace("default").resource(deployment).create();
    }

    private static void setImage(String name, String image) {
        DeploymentImages.set(client, "default", name, image);
    }

    private static RolloutStatus awaitPhase(String name, RolloutPhase phase) {
        Deployment done = client.apps().deployments().inNamespace("default").withName(name)
                .waitUntilCondition(d -> d != null && DeploymentRolloutStatus.of(d).phase() == phase, 20, TimeUnit.SECONDS);
        return DeploymentRolloutStatus.of(done);
    }

    private static Watch follow(String name, List<RolloutStatus> seen) {
        return client.apps().deployments().inNamespace("default").withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                seen.add(DeploymentRolloutStatus.of(deployment));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }
}
