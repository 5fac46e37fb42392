package io.jenkins.plugins.progressive.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.rolling.InconclusivePolicy;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real Prometheus stops in the middle of an analysis (its process is killed; it is restarted afterwards): no
 * measurement passes without data, the analysis becomes INCONCLUSIVE once the errors in a row exceed
 * {@code consecutiveErrorLimit}, and the rollout does what it is configured to do with an inconclusive gate — pause
 * for a human, or roll back — with the stable version serving every request after a roll back. A private Prometheus,
 * so the outage disturbs no other test.
 */
@Tag("needs-tools")
class PrometheusOutageTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private static HttpPrometheusClient prometheus;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.OWN).start();
        scheduler = Executors.newScheduledThreadPool(2);
        // A short timeout: an outage shows as refused connections, but a hung Prometheus must not stretch a round.
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString())
                .withTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @AfterEach
    void prometheusBack() {
        sandbox.prometheus().resume();
    }

    @Test
    void aRollingUpdateWhosePrometheusGoesAwayPausesWithOnInconclusivePause() throws Exception {
        app("outage-pause", "web", 4);
        CompletableFuture<RolloutOutcome> outcome = RollingUpdate.run(RollingPlan.builder("outage-pause", "web")
                .image("app", "shop/web:2.0").batches(Batches.parse(List.of("50%", "100%")))
                .analysis(gates(), "web").onInconclusive(InconclusivePolicy.PAUSE).build(), context());

        outageAfterFirstPass();
        RolloutOutcome result = outcome.get(120, TimeUnit.SECONDS);

        assertThat(result.result()).as(result.message()).isEqualTo(RolloutOutcome.Result.PAUSED);
        assertThat(result.message()).contains("batch 1 of 2: metric gates were inconclusive")
                .contains("could not measure: 3 errors in a row (consecutiveErrorLimit 2)")
                .contains("could not measure (unreachable)");
        assertNoPassDuringTheOutage();
        Deployment after = deployment("outage-pause", "web");
        assertThat(after.getSpec().getPaused()).as("left for a human where it stood").isTrue();
        assertThat(after.getStatus().getUpdatedReplicas()).as("not promoted without data").isLessThan(4);
        assertThat(after.getStatus().getAvailableReplicas()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRollingUpdateWhosePrometheusGoesAwayRollsBackByDefaultAndStableServesEverything() throws Exception {
        LoadGenerator load = app("outage-rollback", "shop", 4);
        CompletableFuture<RolloutOutcome> outcome = RollingUpdate.run(RollingPlan.builder("outage-rollback", "shop")
                .image("app", "shop/shop:2.0").batches(Batches.parse(List.of("50%", "100%")))
                .analysis(gates(), "shop").build(), context());

        outageAfterFirstPass();
        RolloutOutcome result = outcome.get(120, TimeUnit.SECONDS);

        assertThat(result.result()).as(result.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(result.message()).contains("metric gates were inconclusive")
                .contains("could not measure: 3 errors in a row").contains("rolled back to revision 1");
        assertNoPassDuringTheOutage();
        Deployment after = deployment("outage-rollback", "shop");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/shop:1.0");
        assertThat(DeploymentRolloutStatus.of(after).phase()).isEqualTo(RolloutPhase.COMPLETE);
        assertStableServesEverything(load, "1.0");
    }

    @Test
    void aCanaryWhosePrometheusGoesAwayIsRolledBackAndStableServesEverything() throws Exception {
        LoadGenerator load = app("outage-canary", "cart", 4);
        CompletableFuture<RolloutOutcome> outcome = CanaryStage.start(new CanaryPlan("outage-canary", "cart",
                List.of(new ImageChange("app", "shop/cart:2.0")), RouterSpec.Kind.REPLICA_RATIO, null,
                List.of(new CanaryStep.SetWeight(50), new CanaryStep.Analysis(gates()), new CanaryStep.SetWeight(100)),
                null, 0, null, "https://ci.example/job/cart/1/"), context(), null).outcome();

        outageAfterFirstPass();
        RolloutOutcome result = outcome.get(120, TimeUnit.SECONDS);

        assertThat(result.result()).as(result.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(result.message()).contains("metric gates were inconclusive")
                .contains("could not measure: 3 errors in a row").contains("all traffic is back on stable");
        assertNoPassDuringTheOutage();
        assertThat(deployment("outage-canary", "cart").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).as("stable never promoted").isEqualTo("shop/cart:1.0");
        awaitCondition("the canary's pods to be gone", () -> sandbox.client().pods().inNamespace("outage-canary")
                .list().getItems().stream().noneMatch(p -> p.getSpec().getContainers().get(0).getImage()
                        .endsWith(":2.0")));
        assertStableServesEverything(load, "1.0");
    }

    @Test
    void aBlueGreenReleaseWhosePrometheusGoesAwayAfterTheSwitchSwitchesBackAndBlueServesEverything() throws Exception {
        LoadGenerator load = app("outage-bluegreen", "shelf", 3);
        CompletableFuture<RolloutOutcome> outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("outage-bluegreen",
                "shelf").image("app", "shop/shelf:2.0").postSwitch(gates()).build(), context(), null).outcome();

        outageAfterFirstPass();
        RolloutOutcome result = outcome.get(120, TimeUnit.SECONDS);

        assertThat(result.result()).as(result.message()).isEqualTo(RolloutOutcome.Result.SWITCHED_BACK);
        assertThat(result.message()).startsWith("post-switch gates INCONCLUSIVE")
                .contains("could not measure: 3 errors in a row").contains("switched back to blue");
        assertNoPassDuringTheOutage();
        assertThat(sandbox.client().services().inNamespace("outage-bluegreen").withName("shelf").get().getSpec()
                .getSelector()).containsEntry("slot", "blue");
        awaitCondition("the green slot's pods to be gone", () -> sandbox.client().pods().inNamespace("outage-bluegreen")
                .list().getItems().stream().noneMatch(p -> p.getSpec().getContainers().get(0).getImage()
                        .endsWith(":2.0")));
        assertStableServesEverything(load, "1.0");
    }

    // --- helpers

    /**
     * Waits until the analysis has passed one measurement (so it is measuring real data), then kills Prometheus; each
     * test restarts it afterwards.
     */
    private void outageAfterFirstPass() throws InterruptedException {
        awaitCondition("a first passing measurement", () -> events.stream().anyMatch(e -> e instanceof RolloutEvent.Decision d
                && d.message().contains("gate errorRate: PASS")));
        sandbox.prometheus().suspend();
        events.add(new RolloutEvent.PhaseChanged(java.time.Instant.now(), "test", "prometheus suspended"));
    }

    /** After the outage began, no measurement passed: only errors, then the inconclusive verdict. */
    private void assertNoPassDuringTheOutage() {
        int suspended = events.indexOf(events.stream().filter(e -> e instanceof RolloutEvent.PhaseChanged p
                && "test".equals(p.phase())).findFirst().orElseThrow());
        List<String> measurements = events.subList(suspended, events.size()).stream()
                .filter(e -> e instanceof RolloutEvent.Decision d && d.message().contains(": gate "))
                .map(RolloutEvent::message).toList();
        // A round already in flight when the process died may still have been answered.
        assertThat(measurements.stream().skip(1)).as("measurements during the outage: %s", measurements)
                .allMatch(m -> m.contains(": ERROR"));
        assertThat(measurements).anyMatch(m -> m.contains("could not measure (unreachable)"));
    }

    private static void assertStableServesEverything(LoadGenerator load, String stable) throws InterruptedException {
        load.resetCounts();
        awaitCondition("80 requests after the roll back", () -> load.counts().total() >= 80);
        TrafficCounts counts = load.counts();
        assertThat(counts.count(stable, 200)).as("requests answered 200 by stable %s: %s", stable, counts)
                .isEqualTo(counts.total());
    }

    /** Deployment {@code app} of version 1.0 behind its Service, 40 requests/s, measured by the private Prometheus. */
    private static LoadGenerator app(String ns, String app, int replicas) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + app + ":1.0").endContainer()
                        .endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(app)
                .withNamespace(ns).endMetadata().withNewSpec().addToSelector("app", app).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName(app).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 30, TimeUnit.SECONDS);
        return sandbox.startLoad(LoadSpec.of(ns, app, 40));
    }

    /**
     * The error-rate gate: a measurement a second after new pods are a window old (docs/analysis.md), five of them
     * to pass, and an outage given up on after three errors in a row.
     */
    private static AnalysisPlan gates() {
        return AnalysisPlan.of(List.of(BuiltInChecks.errorRate()))
                .withTiming(AnalysisTiming.DEFAULT.withInitialDelay(Duration.ofSeconds(8)).withInterval(Duration.ofSeconds(1))
                        .withCount(5).withWindow(Duration.ofSeconds(3)))
                .withLimits(new AnalysisLimits(0, 3, 2));
    }

    private RolloutContext context() {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), prometheus, new EngineMetrics(),
                events::add);
    }

    private static Deployment deployment(String ns, String name) {
        return sandbox.client().apps().deployments().inNamespace(ns).withName(name).get();
    }

    private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
