package io.jenkins.plugins.progressive.engine.strategy.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * StatefulSet rollouts against the sandbox's StatefulSet controller (ordered pods, partition, and the stall on a
 * pod that never becomes ready), with the real Prometheus judging the gates.
 */
@Tag("needs-tools")
class StatefulRollingUpdateTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private static HttpPrometheusClient prometheus;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        scheduler = Executors.newScheduledThreadPool(3);
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString()));
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void batchesMoveThePartitionFromTheHighestOrdinalDownAndTheStateIsRemovedAtTheEnd() throws Exception {
        statefulSet("batches", "store", "shop/store:1.0", 4);
        RolloutOutcome outcome = StatefulRollingUpdate.start(plan("batches", "store", "shop/store:2.0",
                List.of(25, 50, 100), null, Duration.ofSeconds(30)), context()).outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(outcome.message()).contains("runs app=shop/store:2.0 on all 4 pods");
        assertThat(images("batches", "store")).containsOnly(Map.entry("store-0", "shop/store:2.0"),
                Map.entry("store-1", "shop/store:2.0"), Map.entry("store-2", "shop/store:2.0"),
                Map.entry("store-3", "shop/store:2.0"));
        assertThat(messages()).contains("1 of 4 pods on 2.0 (ordinals 3..3)", "2 of 4 pods on 2.0 (ordinals 2..3)",
                "4 of 4 pods on 2.0 (ordinals 0..3)");
        StatefulSet after = get("batches", "store");
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(StatefulState.ANNOTATION);
        assertThat(after.getStatus().getCurrentRevision()).isEqualTo(after.getStatus().getUpdateRevision());
        assertThat(events).filteredOn(RolloutEvent.Replicas.class::isInstance).isNotEmpty();
    }

    @Test
    void aPodThatNeverBecomesReadyIsDeletedByTheUndoSoTheStatefulSetIsWholeAgain() throws Exception {
        statefulSet("stuck", "ledger", "shop/ledger:1.0", 3);
        sandbox.controller().faults().podsOf("shop/ledger:2.0", PodBehaviour.neverReady());
        RolloutOutcome outcome = StatefulRollingUpdate.start(plan("stuck", "ledger", "shop/ledger:2.0",
                List.of(34, 100), null, Duration.ofSeconds(6)), context()).outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        System.out.println("stateful undo: " + outcome.message());
        assertThat(outcome.message()).contains("batch 1 of 2: pod(s) ledger-2 were not ready within 6 s",
                "statefulset back on app=shop/ledger:1.0, 3 of 3 pods ready", "deleted ledger-2");
        assertThat(images("stuck", "ledger")).containsOnly(Map.entry("ledger-0", "shop/ledger:1.0"),
                Map.entry("ledger-1", "shop/ledger:1.0"), Map.entry("ledger-2", "shop/ledger:1.0"));
        StatefulSet after = get("stuck", "ledger");
        assertThat(after.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(StatefulState.ANNOTATION);
    }

    @Test
    void withoutAutomaticRollbackAFailedBatchIsLeftWhereItStoodForAPerson() throws Exception {
        statefulSet("paused", "index", "shop/index:1.0", 3);
        sandbox.controller().faults().podsOf("shop/index:2.0", PodBehaviour.neverReady());
        StatefulPlan plan = new StatefulPlan("paused", "index", List.of(new ImageChange("app", "shop/index:2.0")),
                new Batches(List.of(34, 100)), List.of(), null, null, false, Duration.ofSeconds(4), "build-3");

        RolloutOutcome outcome = StatefulRollingUpdate.start(plan, context()).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.PAUSED);
        // 34% of 3 is 2 pods (partition 1), but the controller stalled on the first: only index-2 runs 2.0.
        assertThat(outcome.message()).contains("pod(s) index-2 were not ready", "stopped with partition 1: "
                + "index-2 (not ready) on 2.0, the others on 1.0 (automatic rollback is off");
        StatefulSet after = get("paused", "index");
        assertThat(after.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isEqualTo(1);
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(StatefulState.ANNOTATION);
        assertThat(images("paused", "index")).containsEntry("index-0", "shop/index:1.0")
                .containsEntry("index-1", "shop/index:1.0");
        RolloutOutcome next = StatefulRollingUpdate.start(plan("paused", "index", "shop/index:3.0", List.of(100), null,
                Duration.ofSeconds(5)), context()).outcome().get(30, TimeUnit.SECONDS);
        assertThat(next.result()).as("a person must finish or undo it first").isEqualTo(RolloutOutcome.Result.REFUSED);
    }

    @Test
    void aFailingGateAfterTheFirstBatchRollsBackWhileTheOldPodsStillServe() throws Exception {
        statefulSet("gated", "orders", "shop/orders:1.0", 4);
        sandbox.client().services().inNamespace("gated").resource(new ServiceBuilder().withNewMetadata()
                .withName("orders").withNamespace("gated").endMetadata().withNewSpec().addToSelector("app", "orders")
                .addNewPort().withPort(80).endPort().endSpec().build()).create();
        sandbox.workloads().setProfile("orders", "2.0", VersionProfile.healthy().withErrorRate(0.2));
        sandbox.startLoad(LoadSpec.of("gated", "orders", 80));
        AnalysisPlan gates = AnalysisPlan.of(List.of(BuiltInChecks.errorRate())).withTiming(AnalysisTiming.DEFAULT
                .withInitialDelay(Duration.ofSeconds(2)).withInterval(Duration.ofSeconds(2)).withCount(2)
                .withWindow(Duration.ofSeconds(3))).withLimits(new AnalysisLimits(0, 8, 4));

        RolloutOutcome outcome = StatefulRollingUpdate.start(plan("gated", "orders", "shop/orders:2.0",
                List.of(25, 100), gates, Duration.ofSeconds(30)), context()).outcome().get(120, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        System.out.println("stateful gate: " + outcome.message());
        assertThat(outcome.message()).contains("errorRate", "statefulset back on app=shop/orders:1.0");
        assertThat(images("gated", "orders").values()).containsOnly("shop/orders:1.0");
        assertThat(messages()).anyMatch(m -> m.contains("gate errorRate: FAIL"));
    }

    @Test
    void anotherUpdateInProgressAnOnDeleteStrategyAndAnUnknownContainerAreRefusedBeforeAnyWrite() throws Exception {
        statefulSet("refuse", "cache", "shop/cache:1.0", 2);
        sandbox.client().apps().statefulSets().inNamespace("refuse").withName("cache").edit(s -> new StatefulSetBuilder(s)
                .editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(2)
                .endRollingUpdate().endUpdateStrategy().editTemplate().editSpec().editFirstContainer()
                .withImage("shop/cache:1.5").endContainer().endSpec().endTemplate().endSpec().build());
        awaitUpdateRevisionDiffers("refuse", "cache");

        RolloutOutcome busy = StatefulRollingUpdate.start(plan("refuse", "cache", "shop/cache:2.0", List.of(100), null,
                Duration.ofSeconds(10)), context()).outcome().get(30, TimeUnit.SECONDS);
        assertThat(busy.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(busy.message()).contains("is in the middle of another update", "Nothing was changed");

        RolloutOutcome missing = StatefulRollingUpdate.start(new StatefulPlan("refuse", "cache",
                List.of(new ImageChange("sidecar", "shop/proxy:2")), null, List.of(), null, null, true, null, "b"),
                context()).outcome().get(30, TimeUnit.SECONDS);
        assertThat(missing.message()).isEqualTo("images: container 'sidecar' is not in statefulset refuse/cache "
                + "(containers: app); nothing was changed");

        statefulSet("refuse", "manual", "shop/manual:1.0", 1);
        sandbox.client().apps().statefulSets().inNamespace("refuse").withName("manual").edit(s -> new StatefulSetBuilder(s)
                .editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec().build());
        RolloutOutcome onDelete = StatefulRollingUpdate.start(plan("refuse", "manual", "shop/manual:2.0", List.of(100),
                null, Duration.ofSeconds(10)), context()).outcome().get(30, TimeUnit.SECONDS);
        assertThat(onDelete.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(onDelete.message()).contains("uses the OnDelete update strategy");
        assertThat(get("refuse", "manual").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("shop/manual:1.0");
    }

    @Test
    void aRestartedControllerContinuesFromTheBatchRecordedOnTheStatefulSet() throws Exception {
        statefulSet("resume", "queue", "shop/queue:1.0", 4);
        // What a controller that died during batch 2 of 3 leaves behind: the new image, the partition of batch 1,
        // and the state naming the build.
        StatefulState state = new StatefulState("https://ci.example/job/queue/7/", Map.of("app", "shop/queue:1.0"), 1);
        sandbox.client().apps().statefulSets().inNamespace("resume").withName("queue").edit(s -> new StatefulSetBuilder(s)
                .editMetadata().addToAnnotations(StatefulState.ANNOTATION, state.json()).endMetadata()
                .editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(3)
                .endRollingUpdate().endUpdateStrategy().editTemplate().editSpec().editFirstContainer()
                .withImage("shop/queue:2.0").endContainer().endSpec().endTemplate().endSpec().build());

        RolloutOutcome outcome = StatefulRollingUpdate.start(new StatefulPlan("resume", "queue",
                List.of(new ImageChange("app", "shop/queue:2.0")), new Batches(List.of(25, 50, 100)), List.of(), null,
                null, true, Duration.ofSeconds(30), "https://ci.example/job/queue/7/"), context())
                .outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(messages()).anyMatch(m -> m.startsWith("continuing this build's update of resume/queue at batch 2"));
        assertThat(messages()).doesNotContain("1 of 4 pods on 2.0 (ordinals 3..3)");
        assertThat(images("resume", "queue").values()).containsOnly("shop/queue:2.0");

        RolloutOutcome other = StatefulRollingUpdate.start(plan("resume", "queue", "shop/queue:2.0", List.of(100),
                null, Duration.ofSeconds(10)), context()).outcome().get(30, TimeUnit.SECONDS);
        assertThat(other.message()).as("nothing left to do").contains("already runs app=shop/queue:2.0");
    }

    // --- helpers

    private StatefulPlan plan(String namespace, String name, String image, List<Integer> batches, AnalysisPlan gates,
            Duration deadline) {
        return new StatefulPlan(namespace, name, List.of(new ImageChange("app", image)), new Batches(batches),
                List.of(), gates, null, true, deadline, "https://ci.example/job/" + name + "/1/");
    }

    private RolloutContext context() {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), prometheus, new EngineMetrics(),
                events::add);
    }

    private void statefulSet(String namespace, String name, String image, int replicas) {
        sandbox.client().apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        sandbox.client().apps().statefulSets().inNamespace(namespace).withName(name).waitUntilCondition(
                s -> s != null && s.getStatus() != null && s.getStatus().getReadyReplicas() != null
                        && s.getStatus().getReadyReplicas() == replicas, 30, TimeUnit.SECONDS);
    }

    private void awaitUpdateRevisionDiffers(String namespace, String name) {
        sandbox.client().apps().statefulSets().inNamespace(namespace).withName(name).waitUntilCondition(
                s -> s.getStatus() != null && s.getStatus().getUpdateRevision() != null
                        && !s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision()),
                15, TimeUnit.SECONDS);
    }

    private StatefulSet get(String namespace, String name) {
        return sandbox.client().apps().statefulSets().inNamespace(namespace).withName(name).get();
    }

    private Map<String, String> images(String namespace, String name) {
        Map<String, String> images = new TreeMap<>();
        for (Pod pod : sandbox.client().pods().inNamespace(namespace).withLabel("app", name).list().getItems()) {
            images.put(pod.getMetadata().getName(), pod.getSpec().getContainers().get(0).getImage());
        }
        return images;
    }

    private List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }
}
