package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots recorded from real rolling updates in the sandbox (simulated controllers, real pods' metrics, the real
 * Prometheus), rendered in Chromium: the recorder understands what the engine really emits, not only fixtures.
 */
@Tag("needs-tools")
class SandboxRolloutReportTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private static HttpPrometheusClient prometheus;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        scheduler = Executors.newScheduledThreadPool(2);
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString()));
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void aVersionFailingItsErrorRateGateIsRecordedAsRolledBackAndRenderedSo() throws Exception {
        deploy("report-gated", "checkout", "1.0", 4);
        sandbox.startLoad(LoadSpec.of("report-gated", "checkout", 60));
        sandbox.workloads().setProfile("checkout", "2.0", VersionProfile.healthy().withErrorRate(0.10));
        RollingPlan plan = RollingPlan.builder("report-gated", "checkout").image("app", "shop/checkout:2.0")
                .batches(Batches.parse(List.of("25%", "50%", "100%"))).analysis(gates(), "checkout").build();

        RolloutSnapshot snapshot = record(plan);

        assertThat(snapshot.state()).as(snapshot.reason()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(snapshot.replicas()).as("the new version ran in the first batch").anyMatch(s -> s.versions().stream()
                .anyMatch(v -> v.version().equals("2.0") && v.replicas() == 1));
        RenderedPage page = render(snapshot, "rolling-sandbox-rolled-back");
        assertThat(page.field("state")).isEqualTo("Rolled back");
        assertThat(page.field("reason")).isEqualTo(snapshot.reason()).startsWith("batch 1 of 3: metric gate failed: "
                + "check 'errorRate'").contains("violates < 1%").contains("rolled back to revision 1");
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "failed"), Map.entry("batch-2", "pending"),
                Map.entry("batch-3", "pending"), Map.entry("rollback", "passed"));
        assertThat(page.step("batch-1")).contains("25%").contains("gate errorRate: FAIL");
        assertThat(page.step("rollback")).contains("back on 1.0: 4 of 4 replicas available");
        assertThat(page.versionBars()).containsExactly(Map.entry("1.0", 4), Map.entry("2.0", 0));
        assertThat(page.check("errorRate")).contains("passes when < 1%");
    }

    @Test
    void aHealthyVersionIsRecordedBatchByBatchAndRenderedAsSucceeded() throws Exception {
        deploy("report-good", "catalog", "1.0", 4);
        RollingPlan plan = RollingPlan.builder("report-good", "catalog").image("app", "shop/catalog:2.0")
                .batches(Batches.parse(List.of("25%", "50%", "100%"))).build();

        RolloutSnapshot snapshot = record(plan);

        assertThat(snapshot.state()).as(snapshot.reason()).isEqualTo(RolloutState.SUCCEEDED);
        RenderedPage page = render(snapshot, "rolling-sandbox-succeeded");
        assertThat(page.field("state")).isEqualTo("Succeeded");
        assertThat(page.field("reason")).isEqualTo(snapshot.reason())
                .isEqualTo("deployment report-good/catalog runs revision 2 (app=shop/catalog:2.0) on all 4 replicas; "
                        + "every check passed");
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "passed"), Map.entry("batch-2", "passed"),
                Map.entry("batch-3", "passed"));
        assertThat(page.step("batch-1")).contains("passed").contains("of 4 replicas on 2.0");
        assertThat(page.field("replica-counts")).isEqualTo("desired 4 · updated 4 · ready 4 · available 4");
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 4), Map.entry("1.0", 0));
        assertThat(page.field("traffic")).startsWith("No traffic routing");
    }

    /**
     * The controller restarts in the second batch: the first engine dies with its recorder, whose snapshot is kept as
     * JSON; {@code RollingUpdate.resume} re-attaches with a recorder continuing it. One rollout on the page, batch 1
     * as it passed before the restart, batch 2 on the track once.
     */
    @Test
    void aRollingUpdateResumedAfterARestartIsRecordedAsOneRollout() throws Exception {
        sandbox.controller().faults().podsOf("shop/feed:2.0", PodBehaviour.slow(10));
        deploy("report-resume", "feed", "1.0", 4);
        RollingPlan plan = RollingPlan.builder("report-resume", "feed").image("app", "shop/feed:2.0")
                .batches(Batches.parse(List.of("25%", "50%", "100%"))).holder("https://ci.example/job/feed/5/").build();
        SnapshotRecorder before = SnapshotRecorder.forRolling(plan, "1.0", null, Clock.systemUTC());
        ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
        RollingUpdate.start(plan, new RolloutContext(sandbox.client(), first, Clock.systemUTC(), prometheus,
                new EngineMetrics(), before));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (before.snapshot().activity() == null || !"batch 2 of 3".equals(before.snapshot().activity().phase())) {
            assertThat(System.nanoTime()).as("in batch 2: " + before.snapshot().events()).isLessThan(deadline);
            Thread.sleep(20);
        }
        first.shutdownNow(); // the controller dies in batch 2
        RolloutSnapshot earlier = SnapshotJson.read(SnapshotJson.write(before.snapshot()));
        Instant restartedAt = Instant.now();

        SnapshotRecorder after = SnapshotRecorder.continuing(RollingSnapshots.plan(plan, "1.0", null), Clock.systemUTC(),
                earlier);
        after.finish(RollingUpdate.resume(plan, new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(),
                prometheus, new EngineMetrics(), after)).outcome().get(90, TimeUnit.SECONDS));
        RolloutSnapshot snapshot = after.snapshot();
        assertThat(SnapshotJson.read(SnapshotJson.write(snapshot))).isEqualTo(snapshot);

        assertThat(snapshot.state()).as(snapshot.reason() + " " + snapshot.events()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(snapshot.startedAt()).isEqualTo(earlier.startedAt());
        // RollingUpdate saves a batch's state after announcing it: killed in between, it redoes batch 1 (the track
        // follows it, batch 1 running again with what it decided before); killed later, it continues batch 2.
        assertThat(snapshot.steps().get(0).startedAt()).isEqualTo(earlier.steps().get(0).startedAt());
        assertThat(snapshot.steps().get(0).decisions()).startsWith(earlier.steps().get(0).decisions()
                .toArray(TrackStep.Decision[]::new));
        assertThat(snapshot.events()).extracting(RolloutSnapshot.Event::text)
                .anyMatch(t -> t.startsWith("re-attached after a restart at batch "));
        assertThat(snapshot.events()).extracting(RolloutSnapshot.Event::kind).containsOnlyOnce("restart");
        assertThat(snapshot.replicas()).as("replica samples from both halves")
                .anyMatch(r -> r.time().isBefore(restartedAt)).anyMatch(r -> r.time().isAfter(restartedAt));
        RenderedPage page = render(snapshot, "rolling-sandbox-resumed");
        assertThat(page.field("state")).isEqualTo("Succeeded");
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "passed"), Map.entry("batch-2", "passed"),
                Map.entry("batch-3", "passed"));
        assertThat(page.text()).contains("controller restarted; re-attached at");
    }

    private static RolloutSnapshot record(RollingPlan plan) throws Exception {
        SnapshotRecorder recorder = SnapshotRecorder.forRolling(plan, "1.0", null, Clock.systemUTC());
        RolloutContext context = new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), prometheus,
                new EngineMetrics(), recorder);
        recorder.finish(RollingUpdate.run(plan, context).get(90, TimeUnit.SECONDS));
        RolloutSnapshot snapshot = recorder.snapshot();
        assertThat(SnapshotJson.read(SnapshotJson.write(snapshot))).isEqualTo(snapshot);
        return snapshot;
    }

    private RenderedPage render(RolloutSnapshot snapshot, String name) throws IOException {
        return Screenshots.render(RolloutReport.write(snapshot, dir).toUri().toString(), name, 1280, 3000);
    }

    /** The error-rate gate as RollingUpdateGatesTest runs it: new pods need a few seconds before Prometheus has them. */
    private static AnalysisPlan gates() {
        return AnalysisPlan.of(List.of(BuiltInChecks.errorRate()))
                // New pods reach Prometheus 3–5 s after they start (file_sd hand-over, then two scrapes for rate()); on a
                // loaded machine later. Measuring from 8 s on, three times, gives the gate evidence in batch 1.
                .withTiming(AnalysisTiming.DEFAULT.withInitialDelay(Duration.ofSeconds(8)).withInterval(Duration.ofSeconds(2))
                        .withCount(3).withWindow(Duration.ofSeconds(3)))
                .withLimits(new AnalysisLimits(0, 3, 4));
    }

    /** A Deployment of shop/NAME:VERSION behind a Service NAME, completely rolled out. */
    private static void deploy(String namespace, String name, String version, int replicas) {
        sandbox.client().apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().withTerminationGracePeriodSeconds(30L)
                            .addNewContainer().withName("app").withImage("shop/" + name + ":" + version)
                                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8080))
                                    .endHttpGet().endReadinessProbe()
                                .withNewResources().addToRequests("cpu", new Quantity("500m"))
                                    .addToLimits("memory", new Quantity("256Mi")).endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        sandbox.client().services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(namespace).withName(name).waitUntilCondition(
                d -> d != null && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE
                        && d.getStatus().getObservedGeneration() >= 1, 15, TimeUnit.SECONDS);
    }
}
