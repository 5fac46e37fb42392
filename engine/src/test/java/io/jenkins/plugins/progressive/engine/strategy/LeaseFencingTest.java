package io.jenkins.plugins.progressive.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulRollingUpdate;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One rollout per workload, for every strategy: a second pipeline is refused before it writes anything, naming the
 * holder; and a holder that stalls longer than its lease loses it for good — the engine that takes over writes, the
 * stalled one, when it wakes up, writes nothing more (fenced at the client, counted at the API server by user agent)
 * and ends saying it lost the lease instead of rolling back on top of the new holder.
 */
class LeaseFencingTest {

    private static final String OTHER_BUILD = "https://ci.example/job/shop/job/deploy/41/";
    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;

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

    // --- two pipelines on one workload: refused before any write, naming the holder

    @Test
    void aSecondRollingUpdateIsRefusedBeforeAnyWriteNamingTheHolder() throws Exception {
        deployment("two-rolling", "web", 2);
        liveLease("two-rolling", "progressive-deployment-web");
        int mark = writes().mark();

        RolloutOutcome outcome = RollingUpdate.run(RollingPlan.builder("two-rolling", "web").image("app", "shop/web:2.0")
                .holder("https://ci.example/job/shop/job/deploy/42/").build(), context(sandbox.client()))
                .get(30, TimeUnit.SECONDS);

        assertRefused(outcome.result().name(), outcome.message(), "two-rolling", mark, "Deployment two-rolling/web");
    }

    @Test
    void aSecondCanaryIsRefusedBeforeAnyWriteNamingTheHolder() throws Exception {
        deployment("two-canary", "cart", 2);
        liveLease("two-canary", "progressive-deployment-cart");
        int mark = writes().mark();

        RolloutOutcome outcome = CanaryStage.start(new CanaryPlan("two-canary", "cart",
                List.of(new ImageChange("app", "shop/cart:2.0")), RouterSpec.Kind.REPLICA_RATIO, null,
                List.of(new CanaryStep.SetWeight(50)), null, 0, null, "https://ci.example/job/cart/7/"),
                context(sandbox.client()), null).outcome().get(30, TimeUnit.SECONDS);

        assertRefused(outcome.result().name(), outcome.message(), "two-canary", mark, "Deployment two-canary/cart");
    }

    @Test
    void aSecondBlueGreenReleaseIsRefusedBeforeAnyWriteNamingTheHolder() throws Exception {
        deployment("two-bluegreen", "shelf", 2);
        liveLease("two-bluegreen", "progressive-bluegreen-shelf");
        int mark = writes().mark();

        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("two-bluegreen", "shelf")
                .image("app", "shop/shelf:2.0").holder("https://ci.example/job/shelf/3/").build(),
                context(sandbox.client()), null).outcome().get(30, TimeUnit.SECONDS);

        assertRefused(outcome.result().name(), outcome.message(), "two-bluegreen", mark, "BlueGreen two-bluegreen/shelf");
    }

    @Test
    void aSecondStatefulUpdateIsRefusedBeforeAnyWriteNamingTheHolder() throws Exception {
        statefulSet("two-stateful", "queue", 2);
        liveLease("two-stateful", "progressive-statefulset-queue");
        int mark = writes().mark();

        RolloutOutcome outcome = StatefulRollingUpdate.start(new StatefulPlan("two-stateful", "queue",
                List.of(new ImageChange("app", "shop/queue:2.0")), null, null, null, null, true, null,
                "https://ci.example/job/queue/9/"), context(sandbox.client())).outcome().get(30, TimeUnit.SECONDS);

        assertRefused(outcome.result().name(), outcome.message(), "two-stateful", mark, "StatefulSet two-stateful/queue");
    }

    // --- a stalled holder loses the lease and is fenced

    /**
     * Engine A (its own client and a one-thread scheduler, lease TTL 3 s) starts a rolling update; right after its
     * first write its only thread blocks (as in a long GC pause: no renewal, no step). While A's lease is fresh, engine
     * B is refused; once it has expired, B takes it over and rolls out its own version. Then A wakes up exactly where
     * it stopped — about to release its first batch — and must write nothing: not the batch, not an undo.
     */
    @Test
    void aStalledHolderLosesTheLeaseAndNoneOfItsWritesReachTheClusterAfterTheTakeover() throws Exception {
        String ns = "stalled";
        deployment(ns, "web", 4);
        KubernetesClient clientA = sandbox.apiServer().newClient("engine-a");
        KubernetesClient clientB = sandbox.apiServer().newClient("engine-b");
        ScheduledExecutorService schedulerA = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService schedulerB = Executors.newScheduledThreadPool(2);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        RolloutListener stallInBatchOne = event -> {
            if (event instanceof RolloutEvent.PhaseChanged phase && phase.phase().startsWith("batch 1")
                    && once.compareAndSet(false, true)) {
                stalled.countDown();
                await(wake);
            }
        };
        try {
            RollingUpdate a = RollingUpdate.start(RollingPlan.builder(ns, "web").image("app", "shop/web:2.0")
                    .batches(Batches.parse(List.of("50%", "100%"))).holder("https://ci.example/job/a/1/").build(),
                    new RolloutContext(clientA, schedulerA, Clock.systemUTC(), null, new EngineMetrics(), stallInBatchOne)
                            .withLeaseTtl(Duration.ofSeconds(3)));
            assertThat(stalled.await(30, TimeUnit.SECONDS)).as("A reached batch 1").isTrue();
            int stalledAt = writes().mark();
            assertThat(writes().since(0, ns, "engine-a")).as("A wrote before it stalled").isNotEmpty();

            // A second pipeline while A's lease is fresh: refused, naming A, nothing written.
            // In batches too: a single-batch apply would not unpause the Deployment A left paused (see the report).
            RollingPlan planB = RollingPlan.builder(ns, "web").image("app", "shop/web:3.0")
                    .batches(Batches.parse(List.of("50%", "100%"))).holder("https://ci.example/job/b/1/").build();
            RolloutOutcome early = RollingUpdate.run(planB, context(clientB, schedulerB)).get(30, TimeUnit.SECONDS);
            assertThat(early.result()).as(early.message()).isEqualTo(RolloutOutcome.Result.REFUSED);
            assertThat(early.message()).contains("already being rolled out by https://ci.example/job/a/1/");
            assertThat(writes().since(stalledAt, ns, "engine-b")).isEmpty();

            awaitCondition("A's lease to expire (TTL 3 s without renewal)", () -> expired(ns, "progressive-deployment-web"));
            RolloutOutcome b = RollingUpdate.run(planB, context(clientB, schedulerB)).get(60, TimeUnit.SECONDS);
            assertThat(b.result()).as(b.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
            List<ApiWrites.Write> byB = writes().since(stalledAt, ns, "engine-b");
            assertThat(byB).as("B took over and wrote").anyMatch(w -> w.path().contains("/deployments/web"));

            int wokeAt = writes().mark();
            wake.countDown();
            RolloutOutcome outcomeA = a.outcome().get(30, TimeUnit.SECONDS);

            assertThat(outcomeA.result()).as(outcomeA.message()).isEqualTo(RolloutOutcome.Result.FAILED);
            assertThat(outcomeA.message()).startsWith("lost the lease of deployment stalled/web (not renewed for")
                    .contains("stopped without undoing anything");
            assertThat(writes().since(stalledAt, ns, "engine-a")).as("writes of the stalled engine after the takeover")
                    .isEmpty();
            System.out.printf("stalled holder: B wrote %d times after taking over; A wrote %d times after waking (of %d "
                    + "writes since)%n", byB.size(), writes().since(wokeAt, ns, "engine-a").size(),
                    writes().since(wokeAt, ns).size());
            Deployment after = sandbox.client().apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/web:3.0");
            assertThat(DeploymentRolloutStatus.of(after).phase()).isEqualTo(RolloutPhase.COMPLETE);
        } finally {
            wake.countDown();
            schedulerA.shutdownNow();
            schedulerB.shutdownNow();
            clientA.close();
            clientB.close();
        }
    }

    /**
     * The same for a canary (replica-ratio router): A stalls as it enters its second weight; B's canary takes over
     * once A's lease expired, finds A's walk, sends its traffic back to stable and promotes its own version. A wakes
     * about to scale its canary: nothing is written, and it does not "roll back" B's release.
     */
    @Test
    void aStalledCanaryLosesTheLeaseAndDoesNotRollBackOnTopOfTheNewHolder() throws Exception {
        String ns = "stalled-canary";
        deployment(ns, "cart", 4);
        KubernetesClient clientA = sandbox.apiServer().newClient("canary-a");
        KubernetesClient clientB = sandbox.apiServer().newClient("canary-b");
        ScheduledExecutorService schedulerA = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService schedulerB = Executors.newScheduledThreadPool(2);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        RolloutListener stallAtStepTwo = event -> {
            if (event instanceof RolloutEvent.PhaseChanged phase && phase.phase().equals("step 2 of 2")
                    && once.compareAndSet(false, true)) {
                stalled.countDown();
                await(wake);
            }
        };
        try {
            CanaryStage a = CanaryStage.start(canary(ns, "2.0", "https://ci.example/job/cart/1/",
                    List.of(new CanaryStep.SetWeight(25), new CanaryStep.SetWeight(50))),
                    new RolloutContext(clientA, schedulerA, Clock.systemUTC(), null, new EngineMetrics(), stallAtStepTwo)
                            .withLeaseTtl(Duration.ofSeconds(3)), null);
            assertThat(stalled.await(30, TimeUnit.SECONDS)).as("A reached step 2").isTrue();
            int stalledAt = writes().mark();
            assertThat(writes().since(0, ns, "canary-a")).as("A wrote before it stalled").isNotEmpty();

            awaitCondition("A's lease to expire", () -> expired(ns, "progressive-deployment-cart"));
            RolloutOutcome b = CanaryStage.start(canary(ns, "3.0", "https://ci.example/job/cart/2/",
                    List.of(new CanaryStep.SetWeight(50))), context(clientB, schedulerB), null).outcome()
                    .get(60, TimeUnit.SECONDS);
            assertThat(b.result()).as(b.message()).isEqualTo(RolloutOutcome.Result.PROMOTED);
            assertThat(writes().since(stalledAt, ns, "canary-b")).as("B took over and wrote").isNotEmpty();

            wake.countDown();
            RolloutOutcome outcomeA = a.outcome().get(30, TimeUnit.SECONDS);

            assertThat(outcomeA.result()).as(outcomeA.message()).isEqualTo(RolloutOutcome.Result.FAILED);
            assertThat(outcomeA.message()).startsWith("lost the lease of deployment stalled-canary/cart")
                    .contains("stopped without undoing anything");
            assertThat(writes().since(stalledAt, ns, "canary-a")).as("writes of the stalled canary after the takeover")
                    .isEmpty();
            assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("cart").get().getSpec()
                    .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/cart:3.0");
        } finally {
            wake.countDown();
            schedulerA.shutdownNow();
            schedulerB.shutdownNow();
            clientA.close();
            clientB.close();
        }
    }

    private static CanaryPlan canary(String ns, String version, String holder, List<CanaryStep> steps) {
        return new CanaryPlan(ns, "cart", List.of(new ImageChange("app", "shop/cart:" + version)),
                RouterSpec.Kind.REPLICA_RATIO, null, steps, null, 0, null, holder);
    }

    // --- helpers

    private static void assertRefused(String result, String message, String ns, int mark, String workload) {
        assertThat(result).as(message).isEqualTo("REFUSED");
        assertThat(message).contains(workload + " is already being rolled out by " + OTHER_BUILD);
        assertThat(writes().since(mark, ns)).as("writes of the refused rollout").isEmpty();
    }

    private static ApiWrites writes() {
        return sandbox.apiServer().writes();
    }

    private static RolloutContext context(KubernetesClient client) {
        return context(client, scheduler);
    }

    private static RolloutContext context(KubernetesClient client, ScheduledExecutorService executor) {
        return new RolloutContext(client, executor, Clock.systemUTC(), null, new EngineMetrics(), null)
                .withLeaseTtl(Duration.ofSeconds(3));
    }

    /** Another pipeline's lease, renewed just now and valid for 10 minutes. */
    private static void liveLease(String ns, String name) {
        Instant now = Instant.now();
        sandbox.client().leases().inNamespace(ns).resource(new LeaseBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withHolderIdentity(OTHER_BUILD).withLeaseDurationSeconds(600)
                    .withAcquireTime(now.atZone(ZoneOffset.UTC)).withRenewTime(now.atZone(ZoneOffset.UTC))
                .endSpec().build()).create();
    }

    private static boolean expired(String ns, String name) {
        Lease lease = sandbox.client().leases().inNamespace(ns).withName(name).get();
        return lease != null && lease.getSpec().getRenewTime().toInstant()
                .plusSeconds(lease.getSpec().getLeaseDurationSeconds()).isBefore(Instant.now());
    }

    private static void deployment(String ns, String name, int replicas) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1.0").endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName(name).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 30, TimeUnit.SECONDS);
    }

    private static void statefulSet(String ns, String name, int replicas) {
        sandbox.client().apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1.0").endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        sandbox.client().apps().statefulSets().inNamespace(ns).withName(name).waitUntilCondition(
                s -> s != null && s.getStatus() != null && s.getStatus().getReadyReplicas() != null
                        && s.getStatus().getReadyReplicas() == replicas, 30, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
