package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.approval.PendingApprovals;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulRollingUpdate;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots recorded from a real blue/green release and a real canary in the sandbox, each stopping for a person
 * (answered through {@link PendingApprovals}, as the plugin will), then rendered in Chromium: the recorder understands
 * the events these strategies really emit. No metric gates, so no Prometheus: the approvals decide.
 */
@Tag("needs-tools")
class SandboxStrategyReportTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;

    @TempDir
    Path dir;

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

    @Test
    void anApprovedBlueGreenReleaseIsRecordedPhaseByPhaseWithItsSwitchAndRenderedAsPromoted() throws Exception {
        deploy("report-bg", "web", 2);
        PendingApprovals approvals = new PendingApprovals(scheduler, Clock.systemUTC());
        BlueGreenPlan plan = BlueGreenPlan.builder("report-bg", "web").image("app", "shop/web:2.0")
                .approval(new ApprovalRequest("switch", "", List.of(), List.of("release-managers"), Duration.ZERO,
                        ApprovalRequest.Decision.REJECTED))
                .scaleDownDelay(Duration.ofSeconds(1)).build();
        SnapshotRecorder recorder = SnapshotRecorder.forBlueGreen(plan, "1.0", null, Clock.systemUTC());

        BlueGreenDeploy release = BlueGreenDeploy.start(plan, context(recorder), approvals);
        RolloutSnapshot waiting = awaitApproval(approvals, recorder);
        assertThat(waiting.state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        assertThat(waiting.steps()).filteredOn(s -> s.id().equals("approval")).extracting(TrackStep::state)
                .containsExactly(TrackStep.State.HALTED);
        assertThat(waiting.approvals()).singleElement().satisfies(a -> {
            assertThat(a.gate()).isEqualTo("Switch web to green?");
            assertThat(a.actionable()).isTrue();
            assertThat(a.facts()).contains("switch web from blue to green");
        });
        // The green slot was made available before the checks: its pods reach the page as the watch saw them.
        ReplicaSample beforeSwitch = awaitReplicas(recorder, "green 2.0 available", r -> has(r, "web-green", "2.0", 2, 2));
        assertThat(beforeSwitch.deployments()).extracting(VersionReplicas::role, VersionReplicas::deployment,
                VersionReplicas::version, VersionReplicas::desired, VersionReplicas::available).containsExactly(
                tuple("blue", "web-blue", "1.0", 2, 2), tuple("green", "web-green", "2.0", 2, 2));
        assertThat(beforeSwitch.versions()).containsExactly(new ReplicaSample.VersionCount("2.0", 2),
                new ReplicaSample.VersionCount("1.0", 2));
        assertThat(approvals.decide("switch", true, "alice", "preview looks right")).isTrue();
        recorder.finish(release.outcome().get(60, TimeUnit.SECONDS));
        RolloutSnapshot snapshot = recorded(recorder);

        assertThat(snapshot.state()).as(snapshot.reason()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(snapshot.traffic().samples()).extracting(t -> t.weights().get(0).percent(),
                RolloutSnapshot.TrafficSample::marker).containsExactly(tuple(0.0, null), tuple(100.0, "promotion"));
        RenderedPage page = render(snapshot, "blue-green-sandbox-promoted");
        assertThat(page.field("state")).isEqualTo("Promoted");
        assertThat(page.field("reason")).isEqualTo(snapshot.reason()).startsWith("web is live on green (shop/web:2.0)");
        assertThat(page.steps()).containsExactly(Map.entry("adopt", "passed"), Map.entry("deploy", "passed"),
                Map.entry("checks", "passed"), Map.entry("approval", "passed"), Map.entry("switch", "passed"),
                Map.entry("scale-down", "passed"));
        assertThat(page.step("scale-down")).contains("web-blue scaled to 0");
        assertThat(page.approval("switch")).contains("Switch web to green?: approved by alice at")
                .contains("preview looks right");
        assertThat(page.markers()).containsExactly("switch");
        assertThat(page.text()).contains("At the end: 2.0 100%, 1.0 0%.");
        // The last reading, taken as the release ended: blue scaled to 0 after the delay, green serving on 2.0.
        ReplicaSample last = snapshot.replicas().get(snapshot.replicas().size() - 1);
        assertThat(last.deployments()).extracting(VersionReplicas::deployment, VersionReplicas::version,
                VersionReplicas::desired).containsExactly(tuple("web-blue", "1.0", 0), tuple("web-green", "2.0", 2));
        assertThat(page.deploymentBars().get("web-green")).containsEntry("desired", 2).containsEntry("available", 2);
        assertThat(page.deploymentBars().get("web-blue")).containsEntry("desired", 0);
        assertThat(page.versionBars()).containsEntry("2.0", 2);
        assertThat(page.text()).contains("blue 1.0: 2/2/2/2, green 2.0: 2/2/2/2");
    }

    @Test
    void aCanaryWhoseApprovalIsRejectedIsRecordedAsRolledBackWithTheRejectionAndRenderedSo() throws Exception {
        deploy("report-canary", "cart", 4);
        PendingApprovals approvals = new PendingApprovals(scheduler, Clock.systemUTC());
        CanaryPlan plan = new CanaryPlan("report-canary", "cart", List.of(new ImageChange("app", "shop/cart:2.0")),
                RouterSpec.Kind.REPLICA_RATIO, null, List.of(new CanaryStep.SetWeight(25),
                        new CanaryStep.Pause(Duration.ofSeconds(1)),
                        new CanaryStep.Approval(new ApprovalRequest("promote", "Promote cart 2.0 to everyone?",
                                List.of("canary at 25%"), List.of("release-managers"), Duration.ZERO,
                                ApprovalRequest.Decision.REJECTED)),
                        new CanaryStep.SetWeight(100)), null, 0, null, null);
        SnapshotRecorder recorder = SnapshotRecorder.forCanary(plan, "1.0", null, Clock.systemUTC());

        CanaryStage canary = CanaryStage.start(plan, context(recorder), approvals);
        assertThat(awaitApproval(approvals, recorder).steps()).extracting(TrackStep::id, TrackStep::state).startsWith(
                tuple("step-1", TrackStep.State.PASSED), tuple("step-2", TrackStep.State.PASSED),
                tuple("step-3", TrackStep.State.HALTED));
        // 25% by replica ratio: one canary pod, and stable scaled from 4 to 3, as the watches saw them.
        ReplicaSample at25 = awaitReplicas(recorder, "1 canary and 3 stable pods available",
                r -> has(r, "cart-canary", "2.0", 1, 1) && has(r, "cart", "1.0", 3, 3));
        assertThat(at25.deployments()).extracting(VersionReplicas::role, VersionReplicas::version,
                VersionReplicas::desired, VersionReplicas::updated, VersionReplicas::ready, VersionReplicas::available)
                .containsExactly(tuple("stable", "1.0", 3, 3, 3, 3), tuple("canary", "2.0", 1, 1, 1, 1));
        assertThat(at25.versions()).containsExactly(new ReplicaSample.VersionCount("2.0", 1),
                new ReplicaSample.VersionCount("1.0", 3));
        assertThat(recorder.snapshot().replicas().get(0).deployments()).extracting(VersionReplicas::deployment,
                VersionReplicas::desired).containsExactly(tuple("cart", 4), tuple("cart-canary", 0));
        assertThat(approvals.decide("promote", false, "carol", "error budget spent this week")).isTrue();
        recorder.finish(canary.outcome().get(60, TimeUnit.SECONDS));
        RolloutSnapshot snapshot = recorded(recorder);

        assertThat(snapshot.state()).as(snapshot.reason()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(snapshot.traffic().routing()).isEqualTo("replica-ratio");
        assertThat(snapshot.traffic().samples()).extracting(t -> t.weights().get(0).percent(),
                RolloutSnapshot.TrafficSample::marker).containsExactly(tuple(0.0, null), tuple(25.0, null),
                tuple(0.0, "rollback"));
        RenderedPage page = render(snapshot, "canary-sandbox-rejected");
        assertThat(page.field("state")).isEqualTo("Rolled back");
        assertThat(page.field("reason")).isEqualTo(snapshot.reason())
                .contains("the canary at 25% was rejected by carol: error budget spent this week")
                .contains("all traffic is back on stable");
        assertThat(page.steps()).containsExactly(Map.entry("step-1", "passed"), Map.entry("step-2", "passed"),
                Map.entry("step-3", "failed"), Map.entry("step-4", "pending"), Map.entry("promote", "pending"),
                Map.entry("rollback", "passed"));
        assertThat(page.step("step-1")).contains("25%").contains("traffic: 25% to the canary (1 canary replica");
        assertThat(page.step("rollback")).contains("back on 1.0: 100% of requests");
        assertThat(page.approval("promote")).contains("Promote cart 2.0 to everyone?: rejected by carol at")
                .contains("error budget spent this week");
        assertThat(page.markers()).containsExactly("rollback");
        // Rolled back: the last reading, taken as the canary ended, asks for 4 stable pods again and no canary ones
        // (pods starting or stopping may not be counted yet).
        ReplicaSample last = snapshot.replicas().get(snapshot.replicas().size() - 1);
        assertThat(last.deployments()).extracting(VersionReplicas::deployment, VersionReplicas::version,
                VersionReplicas::desired).containsExactly(tuple("cart", "1.0", 4), tuple("cart-canary", "2.0", 0));
        assertThat(page.deploymentBars().get("cart")).containsEntry("desired", 4);
        assertThat(page.deploymentBars().get("cart-canary")).containsEntry("desired", 0);
        assertThat(page.text()).contains("stable 1.0: 3/3/3/3, canary 2.0: 1/1/1/1");
    }

    @Test
    void aStatefulSetUndoneAfterAStuckPodIsRecordedBatchByBatchAndRenderedAsRolledBack() throws Exception {
        sandbox.client().apps().statefulSets().inNamespace("report-sts").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("ledger").withNamespace("report-sts").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("ledger")
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                    .withNewSelector().addToMatchLabels("app", "ledger").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "ledger").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/ledger:1.0").endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().apps().statefulSets().inNamespace("report-sts").withName("ledger").waitUntilCondition(s -> s != null
                && s.getStatus() != null && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), 30, TimeUnit.SECONDS);
        sandbox.controller().faults().podsOf("shop/ledger:2.0", PodBehaviour.neverReady());
        StatefulPlan plan = new StatefulPlan("report-sts", "ledger", List.of(new ImageChange("app", "shop/ledger:2.0")),
                new Batches(List.of(34, 100)), List.of(), null, null, true, Duration.ofSeconds(5), "build-9");
        SnapshotRecorder recorder = new SnapshotRecorder(StatefulSnapshots.plan(plan, "1.0", null), Clock.systemUTC());

        RolloutOutcome outcome = StatefulRollingUpdate.start(plan, context(recorder)).outcome().get(60, TimeUnit.SECONDS);
        recorder.finish(outcome);
        RolloutSnapshot snapshot = recorded(recorder);

        assertThat(snapshot.state()).as(snapshot.reason()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(snapshot.target().kind()).isEqualTo("StatefulSet");
        RenderedPage page = render(snapshot, "statefulset-sandbox-undone");
        assertThat(page.field("state")).isEqualTo("Rolled back");
        assertThat(page.field("reason")).contains("pod(s) ledger-2 were not ready within 5 s", "deleted ledger-2");
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "failed"), Map.entry("batch-2", "pending"),
                Map.entry("rollback", "passed"));
        assertThat(page.step("rollback")).contains("deleted pod ledger-2: not ready on the failed revision");
        // After the undo every pod runs 1.0 again: the last reading says so (not "3 updated to 2.0").
        ReplicaSample last = snapshot.replicas().get(snapshot.replicas().size() - 1);
        assertThat(last.deployments()).extracting(VersionReplicas::deployment, VersionReplicas::version,
                VersionReplicas::updated, VersionReplicas::ready).containsExactly(tuple("ledger", "1.0", 3, 3));
        assertThat(page.versionBars()).containsEntry("1.0", 3).containsEntry("2.0", 0);
    }

    /**
     * The controller restarts in the middle of a canary: the first engine (and its recorder) die in the pause, the
     * recorder's last snapshot is kept as JSON as the plugin keeps it on the build, and a second engine resumes the walk
     * with a recorder continuing that snapshot. The page shows the whole rollout: both halves and the restart between.
     */
    @Test
    void aCanaryResumedAfterARestartIsRecordedAsOneRolloutWithTheRestartMarked() throws Exception {
        deploy("report-resume", "cart", 4);
        CanaryPlan plan = new CanaryPlan("report-resume", "cart", List.of(new ImageChange("app", "shop/cart:2.0")),
                RouterSpec.Kind.REPLICA_RATIO, null, List.of(new CanaryStep.SetWeight(25),
                        new CanaryStep.Pause(Duration.ofSeconds(3)), new CanaryStep.SetWeight(50),
                        new CanaryStep.Pause(Duration.ofMillis(500))), null, 0, null, "https://ci.example/job/cart/9/");
        SnapshotRecorder before = SnapshotRecorder.forCanary(plan, "1.0", null, Clock.systemUTC());
        ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
        CanaryStage.start(plan, new RolloutContext(sandbox.client(), first, Clock.systemUTC(), null, new EngineMetrics(),
                before), null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (before.snapshot().activity() == null || !"step 2 of 4".equals(before.snapshot().activity().phase())) {
            assertThat(System.nanoTime()).as("in the pause: " + before.snapshot().events()).isLessThan(deadline);
            Thread.sleep(20);
        }
        first.shutdownNow(); // the controller dies in the pause
        String kept = SnapshotJson.write(before.snapshot());

        RolloutSnapshot earlier = SnapshotJson.read(kept);
        SnapshotRecorder after = SnapshotRecorder.continuing(CanarySnapshots.plan(plan, "1.0", null), Clock.systemUTC(),
                earlier);
        java.time.Instant restartedAt = java.time.Instant.now();
        after.finish(CanaryStage.start(plan, context(after), null).outcome().get(60, TimeUnit.SECONDS));
        RolloutSnapshot snapshot = recorded(after);

        assertThat(snapshot.state()).as(snapshot.reason() + " " + snapshot.events()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(snapshot.startedAt()).isEqualTo(earlier.startedAt());
        assertThat(snapshot.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("step-1", TrackStep.State.PASSED), tuple("step-2", TrackStep.State.PASSED),
                tuple("step-3", TrackStep.State.PASSED), tuple("step-4", TrackStep.State.PASSED),
                tuple("promote", TrackStep.State.PASSED));
        // Step 1 passed before the restart, with its verdict; the pause in progress kept its start.
        assertThat(snapshot.steps().get(0)).isEqualTo(earlier.steps().get(0));
        assertThat(snapshot.steps().get(1).startedAt()).isEqualTo(earlier.steps().get(1).startedAt());
        assertThat(snapshot.traffic().samples()).extracting(t -> t.weights().get(0).percent(),
                RolloutSnapshot.TrafficSample::marker).startsWith(tuple(0.0, null), tuple(25.0, null),
                tuple(25.0, "restart")).contains(tuple(50.0, null)).endsWith(tuple(100.0, "promotion"));
        assertThat(snapshot.events()).extracting(RolloutSnapshot.Event::kind).containsOnlyOnce("restart");
        assertThat(snapshot.events()).extracting(RolloutSnapshot.Event::phase).contains("resume");
        assertThat(snapshot.replicas()).as("replica samples from both halves")
                .anyMatch(r -> r.time().isBefore(restartedAt)).anyMatch(r -> r.time().isAfter(restartedAt));

        RenderedPage page = render(snapshot, "canary-sandbox-resumed");
        assertThat(page.field("state")).isEqualTo("Promoted");
        assertThat(page.steps()).containsExactly(Map.entry("step-1", "passed"), Map.entry("step-2", "passed"),
                Map.entry("step-3", "passed"), Map.entry("step-4", "passed"), Map.entry("promote", "passed"));
        assertThat(page.text()).contains("controller restarted; re-attached at");
        assertThat(page.markers()).containsExactly("restart", "promotion");
    }

    private static RolloutContext context(SnapshotRecorder recorder) {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), null, new EngineMetrics(), recorder);
    }

    /** Polls until the strategy asks, then returns what the page would show at that moment. */
    private static RolloutSnapshot awaitApproval(PendingApprovals approvals, SnapshotRecorder recorder)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (approvals.waiting().isEmpty() || recorder.snapshot().state() != RolloutState.AWAITING_APPROVAL) {
            assertThat(System.nanoTime()).as("approval requested: " + recorder.snapshot().events()).isLessThan(deadline);
            Thread.sleep(20);
        }
        return recorder.snapshot();
    }

    /** Polls until the newest replica sample satisfies {@code wanted}, and returns it. */
    private static ReplicaSample awaitReplicas(SnapshotRecorder recorder, String what, Predicate<ReplicaSample> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<ReplicaSample> samples = recorder.snapshot().replicas();
            if (!samples.isEmpty() && wanted.test(samples.get(samples.size() - 1))) {
                return samples.get(samples.size() - 1);
            }
            assertThat(System.nanoTime()).as(what + ": " + samples).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean has(ReplicaSample sample, String deployment, String version, int desired, int available) {
        return sample.deployments().stream().anyMatch(d -> d.deployment().equals(deployment)
                && d.version().equals(version) && d.desired() == desired && d.available() == available);
    }

    private static RolloutSnapshot recorded(SnapshotRecorder recorder) {
        RolloutSnapshot snapshot = recorder.snapshot();
        assertThat(SnapshotJson.read(SnapshotJson.write(snapshot))).isEqualTo(snapshot);
        return snapshot;
    }

    private RenderedPage render(RolloutSnapshot snapshot, String name) throws IOException {
        return Screenshots.render(RolloutReport.write(snapshot, dir).toUri().toString(), name, 1280, 3000);
    }

    /** A plain Deployment NAME of shop/NAME:1.0 behind a Service NAME, completely rolled out. */
    private static void deploy(String namespace, String name, int replicas) {
        sandbox.client().apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + name + ":1.0").endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(namespace).withName(name).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }
}
