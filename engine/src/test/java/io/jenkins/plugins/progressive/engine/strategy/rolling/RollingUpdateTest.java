package io.jenkins.plugins.progressive.engine.strategy.rolling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRevisions;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.cluster.Kubectl;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.JobOutcome;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling updates against the sandbox: success, undo on failure, locks, hooks, and refusals before any write. */
class RollingUpdateTest {

    @TempDir
    static Path dir;
    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private RollingFixture fixture;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().start();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @BeforeEach
    void fixture() {
        fixture = new RollingFixture(sandbox, scheduler);
    }

    @Tag("needs-tools")
    @Test
    void aGoodImageRollsOutAndTheLastProgressIsWhatKubectlSays() throws Exception {
        fixture.deploy("good", "web", "shop/web:1.0", 4);
        RolloutOutcome outcome = run(RollingPlan.builder("good", "web").image("app", "shop/web:2.0")
                .changeCause("https://ci.example/job/web/7/").holder("https://ci.example/job/web/7/").build());

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(outcome.revisionNumber()).isEqualTo(2);
        Deployment after = fixture.get("good", "web");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/web:2.0");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("kubernetes.io/change-cause",
                "https://ci.example/job/web/7/");
        assertThat(DeploymentRolloutStatus.of(after).phase()).isEqualTo(RolloutPhase.COMPLETE);
        List<RolloutEvent.Progress> progress = fixture.events.stream()
                .filter(RolloutEvent.Progress.class::isInstance).map(RolloutEvent.Progress.class::cast).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).status().message())
                .isEqualTo("deployment \"web\" successfully rolled out");
        assertThat(progress).anyMatch(p -> p.status().message().contains("new replicas have been updated")
                || p.status().message().contains("updated replicas are available"));
        assertThat(fixture.metrics.registry().scrape().stream().map(s -> s.getMetadata().getName()))
                .contains("rollouts");
        Kubectl kubectl = Kubectl.rolloutStatus(sandbox.apiServer().writeKubeconfig(dir.resolve("kubeconfig")), "good",
                "web", dir);
        assertThat(kubectl.exitCode()).isZero();
        assertThat(kubectl.lastLine()).isEqualTo(progress.get(progress.size() - 1).status().message());
    }

    @Test
    void aNeverReadyImageHitsTheDeadlineAndIsUndoneToThePreviousRevision() throws Exception {
        sandbox.controller().faults().podsOf("shop/api:broken", PodBehaviour.neverReady());
        fixture.deploy("deadline", "api", "shop/api:1.0", 3);
        RolloutOutcome outcome = run(RollingPlan.builder("deadline", "api").image("app", "shop/api:broken")
                .parameters(new RollingParameters("1", "0", null, 2)).build());

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(outcome.message()).contains("exceeded its progress deadline").contains("rolled back to revision 1")
                .contains("3 of 3 replicas available again");
        Deployment after = fixture.get("deadline", "api");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/api:1.0");
        assertThat(DeploymentRolloutStatus.of(after).phase()).isEqualTo(RolloutPhase.COMPLETE);
        assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(outcome.revisionNumber()).isEqualTo(1);
    }

    @Test
    void aFailingHealthCheckUndoesTheRollout() throws Exception {
        fixture.deploy("health", "shop", "shop/shop:1.0", 4);
        fixture.serve("health", "shop");
        sandbox.workloads().setProfile("shop", "2.0", VersionProfile.healthy().withErrorRate(1.0));
        RolloutOutcome outcome = run(RollingPlan.builder("health", "shop").image("app", "shop/shop:2.0")
                .batches(Batches.parse(List.of("50%", "100%")))
                .healthCheck(HttpHealthCheck.of("shop", "80", "/healthz")).build());

        // During batch 1 a check may reach an old pod and pass; at the latest when every pod is new it fails.
        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(outcome.message()).contains("health check failed").contains("answered 500");
        Deployment after = fixture.get("health", "shop");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/shop:1.0");
        assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(4);
    }

    @Test
    void aSecondConcurrentRolloutIsRefusedWithTheHoldersName() throws Exception {
        sandbox.controller().faults().podsOf("shop/cart:slow", PodBehaviour.slow(15));
        fixture.deploy("lock", "cart", "shop/cart:1.0", 2);
        CompletableFuture<RolloutOutcome> first = RollingUpdate.run(RollingPlan.builder("lock", "cart")
                .image("app", "shop/cart:slow").holder("https://ci.example/job/cart/41/").build(), fixture.context(null));
        awaitPhase("apply");
        RolloutOutcome second = run(RollingPlan.builder("lock", "cart").image("app", "shop/cart:3.0")
                .holder("https://ci.example/job/cart/42/").build());

        assertThat(second.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(second.message()).contains("https://ci.example/job/cart/41/");
        assertThat(first.get(30, TimeUnit.SECONDS).result()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(fixture.get("lock", "cart").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("shop/cart:slow");
    }

    @Test
    void anAbortMidRolloutUndoesToThePreviousRevision() throws Exception {
        sandbox.controller().faults().podsOf("shop/basket:slow", PodBehaviour.slow(20));
        fixture.deploy("abort", "basket", "shop/basket:1.0", 4);
        RollingUpdate update = RollingUpdate.start(RollingPlan.builder("abort", "basket")
                .image("app", "shop/basket:slow").batches(Batches.parse(List.of("50%", "100%")))
                .holder("https://ci.example/job/basket/3/").build(), fixture.context(null));
        awaitPhase("batch 1 of 2");
        update.abort("build aborted by alice");
        RolloutOutcome outcome = update.outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(outcome.message()).contains("aborted: build aborted by alice").contains("rolled back to revision 1");
        Deployment after = fixture.get("abort", "basket");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/basket:1.0");
        assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(4);
    }

    @Test
    void aNewEngineInstanceResumesABatchedRolloutWithoutApplyingItTwice() throws Exception {
        sandbox.controller().faults().podsOf("shop/feed:2.0", PodBehaviour.slow(10));
        fixture.deploy("resume", "feed", "shop/feed:1.0", 4);
        RollingPlan plan = RollingPlan.builder("resume", "feed").image("app", "shop/feed:2.0")
                .batches(Batches.parse(List.of("50%", "100%"))).holder("https://ci.example/job/feed/5/").build();
        ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
        RollingUpdate.start(plan, new RollingFixture(sandbox, first).context(null));
        Deployment applied = sandbox.client().apps().deployments().inNamespace("resume").withName("feed")
                .waitUntilCondition(d -> d.getMetadata().getAnnotations() != null
                        && d.getMetadata().getAnnotations().getOrDefault("progressive.jenkins.io/rollout", "").contains("\"batch\":1")
                        && Boolean.FALSE.equals(d.getSpec().getPaused()), 20, TimeUnit.SECONDS);
        first.shutdownNow(); // the controller dies in batch 1
        long generation = applied.getMetadata().getGeneration();

        // A bound, not a sleep: the outcome arrives as soon as batch 2's deliberately slow pods are ready. Two batches
        // of pods slowed tenfold took over 60 s once on a CI machine running a competing build.
        RolloutOutcome outcome = RollingUpdate.resume(plan, fixture.context(null)).outcome().get(180, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(outcome.revisionNumber()).isEqualTo(2);
        assertThat(fixture.messages()).anyMatch(m -> m.startsWith("re-attached after a restart at batch 1 of 2"));
        Deployment after = fixture.get("resume", "feed");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/feed:2.0");
        assertThat(DeploymentRevisions.of(sandbox.client(), after).all()).as("one new ReplicaSet, not two").hasSize(2);
        assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(4);
        assertThat(after.getMetadata().getGeneration()).isGreaterThan(generation);
    }

    @Test
    void resumingWithoutStateOfThisHolderStartsTheRollout() throws Exception {
        fixture.deploy("fresh", "news", "shop/news:1.0", 2);
        RolloutOutcome outcome = RollingUpdate.resume(RollingPlan.builder("fresh", "news").image("app", "shop/news:2.0")
                .holder("https://ci.example/job/news/1/").build(), fixture.context(null)).outcome().get(60, TimeUnit.SECONDS);
        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(fixture.messages()).noneMatch(m -> m.startsWith("re-attached"));
    }

    @Test
    void aFailedPreHookStopsBeforeAnyPodChangesAndAFailedPostHookUndoesNothing() throws Exception {
        sandbox.controller().faults().jobsOf("shop/migrate:bad", JobOutcome.FAIL);
        Deployment before = fixture.deploy("hooks", "orders", "shop/orders:1.0", 2);
        RolloutOutcome refused = run(RollingPlan.builder("hooks", "orders").image("app", "shop/orders:2.0")
                .hooks(HookSpec.template(HookSpec.Phase.PRE, "shop/migrate:bad", List.of("migrate", "expand")), null).build());
        assertThat(refused.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(refused.message()).contains("pre-rollout hook failed").contains("BackoffLimitExceeded");
        assertThat(fixture.get("hooks", "orders").getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());

        RolloutOutcome contracted = run(RollingPlan.builder("hooks", "orders").image("app", "shop/orders:2.0")
                .hooks(HookSpec.template(HookSpec.Phase.PRE, "shop/migrate:1", List.of("migrate", "expand")),
                        HookSpec.template(HookSpec.Phase.POST, "shop/migrate:bad", List.of("migrate", "contract")))
                .holder("https://ci.example/job/orders/9/").build());
        assertThat(contracted.result()).as(contracted.message()).isEqualTo(RolloutOutcome.Result.POST_HOOK_FAILED);
        assertThat(fixture.get("hooks", "orders").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("shop/orders:2.0");
    }

    @Test
    void withAutomaticRollbackOffAFailureLeavesTheDeploymentPaused() throws Exception {
        sandbox.controller().faults().podsOf("shop/search:broken", PodBehaviour.neverReady());
        fixture.deploy("paused", "search", "shop/search:1.0", 2);
        RolloutOutcome outcome = run(RollingPlan.builder("paused", "search").image("app", "shop/search:broken")
                .parameters(new RollingParameters(null, null, null, 2)).autoRollback(false).build());
        assertThat(outcome.result()).isEqualTo(RolloutOutcome.Result.PAUSED);
        assertThat(outcome.message()).contains("left paused for a human");
        assertThat(fixture.get("paused", "search").getSpec().getPaused()).isTrue();
    }

    @Test
    void badInputIsRefusedBeforeAnyWrite() throws Exception {
        Deployment before = fixture.deploy("refuse", "pay", "shop/pay:1.0", 2);
        RolloutOutcome missing = run(RollingPlan.builder("refuse", "nothing").image("app", "shop/pay:2.0").build());
        assertThat(missing.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(missing.message()).isEqualTo("deployment refuse/nothing not found");
        RolloutOutcome container = run(RollingPlan.builder("refuse", "pay").image("sidecar", "shop/pay:2.0").build());
        assertThat(container.message()).contains("has no container 'sidecar' (it has: app)");
        assertThat(fixture.get("refuse", "pay").getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    }

    private RolloutOutcome run(RollingPlan plan) throws Exception {
        try {
            return RollingUpdate.run(plan, fixture.context(null)).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome within 60 s; events: " + fixture.messages(), e);
        }
    }

    private void awaitPhase(String phase) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fixture.events.stream().noneMatch(e -> e instanceof RolloutEvent.PhaseChanged p && p.phase().equals(phase))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no phase " + phase + " in " + fixture.messages());
            }
            Thread.sleep(20);
        }
    }
}
