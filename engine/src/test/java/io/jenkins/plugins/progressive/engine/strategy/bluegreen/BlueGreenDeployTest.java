package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.approval.PendingApprovals;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.JobOutcome;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Blue/green releases against the sandbox with load running throughout and the real Prometheus judging. */
@Tag("needs-tools")
class BlueGreenDeployTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private static HttpPrometheusClient prometheus;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

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
    void aGoodVersionGoesLiveWithoutASingleFailedRequest() throws Exception {
        LoadGenerator load = plainService("good", "web", "shop/web:1.0");
        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("good", "web").image("app", "shop/web:2.0")
                .healthCheck(HttpHealthCheck.of("web", "80", "/healthz")).postSwitch(watchGates(3))
                .scaleDownDelay(Duration.ofSeconds(2)).build(), context(scheduler), null).outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);
        assertThat(outcome.live()).isEqualTo(Slot.GREEN.label());
        assertThat(selector("good", "web")).containsEntry("slot", "green");
        assertThat(sandbox.client().apps().deployments().inNamespace("good").withName("web-blue").get().getSpec().getReplicas())
                .as("old slot scaled down after the delay").isZero();
        // The page's replica bars: both slots, by version, as the release's watch last read them.
        assertThat(lastReplicas()).extracting(VersionReplicas::role, VersionReplicas::version, VersionReplicas::desired)
                .containsExactly(tuple("blue", "1.0", 0), tuple("green", "2.0", 3));
        assertThat(lastReplicas().get(1).available()).isEqualTo(3);
        TrafficCounts counts = load.counts();
        System.out.printf("blue/green switch under load: %d requests, by version %s, %d failed%n", counts.total(),
                counts.byVersion(), counts.total() - counts.count("1.0", 200) - counts.count("2.0", 200));
        assertThat(counts.count("2.0")).isPositive();
        assertThat(counts.total() - counts.count("1.0", 200) - counts.count("2.0", 200)).as("failed requests").isZero();
    }

    @Test
    void aVersionFailingAfterTheSwitchIsSwitchedBackWithinOneIntervalPlusASecond() throws Exception {
        plainService("bad", "api", "shop/api:1.0");
        sandbox.workloads().setProfile("api", "2.0", VersionProfile.healthy().withErrorRate(0.3));
        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("bad", "api").image("app", "shop/api:2.0")
                .postSwitch(watchGates(10)).build(), context(scheduler), null).outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SWITCHED_BACK);
        assertThat(selector("bad", "api")).containsEntry("slot", "blue");
        assertThat(outcome.reaction()).isNotNull();
        System.out.printf("switched back %d ms after the first failing measurement (gate interval 2000 ms)%n",
                outcome.reaction().toMillis());
        assertThat(outcome.reaction()).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(outcome.message()).contains("post-switch gates FAIL").contains("switched back to blue");
    }

    @Test
    void aVersionFailingPrePromotionChecksNeverReceivesLiveTraffic() throws Exception {
        LoadGenerator load = plainService("pre", "cart", "shop/cart:1.0");
        sandbox.workloads().setProfile("cart", "3.0", VersionProfile.healthy().withErrorRate(1.0));
        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("pre", "cart").image("app", "shop/cart:3.0")
                .healthCheck(HttpHealthCheck.of("cart", "80", "/healthz")).build(), context(scheduler), null)
                .outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.NOT_PROMOTED);
        assertThat(outcome.message()).contains("health check failed").contains("never received live traffic");
        assertThat(selector("pre", "cart")).containsEntry("slot", "blue");
        assertThat(load.counts().count("3.0")).isZero();
        assertThat(sandbox.client().apps().deployments().inNamespace("pre").withName("cart-green").get().getSpec().getReplicas())
                .isZero();
    }

    @Test
    void aPreviewTestJobRunsAgainstThePreviewAndAFailingOneKeepsTheLiveSlotLive() throws Exception {
        LoadGenerator load = plainService("smoke", "shelf", "shop/shelf:1.0");
        sandbox.controller().faults().jobsOf("shop/shelf-smoke:bad", JobOutcome.FAIL);
        HookSpec failing = HookSpec.template(HookSpec.Phase.STEP, "shop/shelf-smoke:bad", List.of("./smoke"));
        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("smoke", "shelf")
                .image("app", "shop/shelf:2.0").previewTest(failing).build(), context(scheduler), null)
                .outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.NOT_PROMOTED);
        System.out.println("blue/green with a failing preview test: " + outcome.message());
        assertThat(outcome.message()).contains("the preview test Job did not pass, green was not switched to: Job "
                + "release-test-step-", "BackoffLimitExceeded");
        assertThat(selector("smoke", "shelf")).containsEntry("slot", "blue");
        assertThat(load.counts().count("2.0")).isZero();
        Job job = sandbox.client().batch().v1().jobs().inNamespace("smoke").list().getItems().get(0);
        assertThat(job.getMetadata().getName()).endsWith("-preview");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName, EnvVar::getValue).contains(
                        org.assertj.core.api.Assertions.tuple("PREVIEW_SERVICE", "shelf-preview"),
                        org.assertj.core.api.Assertions.tuple("ACTIVE_SERVICE", "shelf"),
                        org.assertj.core.api.Assertions.tuple("PREVIEW_VERSION", "2.0"),
                        org.assertj.core.api.Assertions.tuple("ACTIVE_VERSION", "1.0"));

        HookSpec passing = HookSpec.template(HookSpec.Phase.STEP, "shop/shelf-smoke:good", List.of("./smoke"));
        RolloutOutcome second = BlueGreenDeploy.start(BlueGreenPlan.builder("smoke", "shelf")
                .image("app", "shop/shelf:2.0").previewTest(passing).scaleDownDelay(Duration.ofSeconds(1)).holder("build-2").build(), context(scheduler), null)
                .outcome().get(60, TimeUnit.SECONDS);
        assertThat(second.result()).as(second.message()).isEqualTo(RolloutOutcome.Result.PROMOTED);
        assertThat(selector("smoke", "shelf")).containsEntry("slot", "green");
    }

    @Test
    void aNewEngineInstanceResumesAfterTheSwitchWithoutSwitchingAgain() throws Exception {
        plainService("resume", "shop", "shop/shop:1.0");
        BlueGreenPlan plan = BlueGreenPlan.builder("resume", "shop").image("app", "shop/shop:2.0").postSwitch(watchGates(3))
                .scaleDownDelay(Duration.ofSeconds(1)).holder("https://ci.example/job/shop/5/").build();
        List<String> selectorsSeen = new CopyOnWriteArrayList<>();
        try (Watch watch = sandbox.client().services().inNamespace("resume").withName("shop").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Service service) {
                selectorsSeen.add(String.valueOf(service.getSpec().getSelector().get("slot")));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
            BlueGreenDeploy.start(plan, context(first), null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!messages().stream().anyMatch(m -> m.startsWith("live traffic now goes to green"))) {
                assertThat(System.nanoTime()).as("switch within 30 s: " + messages()).isLessThan(deadline);
                Thread.sleep(20);
            }
            first.shutdownNow(); // the engine dies in the watch window

            RolloutOutcome outcome = BlueGreenDeploy.start(plan, context(scheduler), null).outcome().get(60, TimeUnit.SECONDS);
            assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.PROMOTED);
            assertThat(messages()).anyMatch(m -> m.contains("resuming the watch"));
        }
        assertThat(selectorsSeen.stream().filter("green"::equals).count()).as("writes that made green live: " + selectorsSeen)
                .isLessThanOrEqualTo(1);
        assertThat(selector("resume", "shop")).containsEntry("slot", "green");
    }

    @Test
    void aSwitchCutOffBetweenTwoActiveServicesIsFinishedByTheResumedRelease() throws Exception {
        plainService("split", "cart", "shop/cart:1.0");
        sandbox.client().services().inNamespace("split").resource(new ServiceBuilder().withNewMetadata().withName("cart-eu")
                .withNamespace("split").endMetadata().withNewSpec().addToSelector("app", "cart").addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        RolloutOutcome first = BlueGreenDeploy.start(BlueGreenPlan.builder("split", "cart").image("app", "shop/cart:1.1")
                .activeService("cart").activeService("cart-eu").scaleDownDelay(Duration.ZERO).build(), context(scheduler),
                null).outcome().get(60, TimeUnit.SECONDS);
        assertThat(first.result()).as(first.message()).isEqualTo(RolloutOutcome.Result.PROMOTED);
        // The next release had deployed 1.2 to blue, recorded its switch and moved cart when its engine died.
        String holder = "https://ci.example/job/cart/9/";
        sandbox.client().apps().deployments().inNamespace("split").withName("cart-blue").edit(d -> new DeploymentBuilder(d)
                .editMetadata().addToAnnotations(BlueGreenState.ANNOTATION, new BlueGreenState(holder,
                        BlueGreenState.SWITCHING, Slot.GREEN, Slot.BLUE).toJson()).endMetadata()
                .editSpec().editTemplate().editSpec().editFirstContainer().withImage("shop/cart:1.2").endContainer().endSpec()
                .endTemplate().endSpec().build());
        sandbox.client().services().inNamespace("split").withName("cart").edit(s -> new ServiceBuilder(s).editSpec()
                .addToSelector("slot", "blue").endSpec().build());

        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("split", "cart").image("app", "shop/cart:1.2")
                .activeService("cart").activeService("cart-eu").scaleDownDelay(Duration.ofSeconds(1)).holder(holder).build(),
                context(scheduler), null).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);
        assertThat(messages()).anyMatch(m -> m.contains("had been approved before the restart"));
        assertThat(selector("split", "cart")).containsEntry("slot", "blue");
        assertThat(selector("split", "cart-eu")).containsEntry("slot", "blue");
        assertThat(sandbox.client().apps().deployments().inNamespace("split").withName("cart-green").get().getSpec()
                .getReplicas()).isZero();
    }

    @Test
    void inconsistentSlotsAreRefusedWithHowToRepairThem() throws Exception {
        plainService("mixed", "pay", "shop/pay:1.0");
        BlueGreenDeploy.start(BlueGreenPlan.builder("mixed", "pay").image("app", "shop/pay:1.1").scaleDownDelay(Duration.ZERO)
                .build(), context(scheduler), null).outcome().get(60, TimeUnit.SECONDS);
        sandbox.client().services().inNamespace("mixed").resource(new ServiceBuilder().withNewMetadata().withName("pay-eu")
                .withNamespace("mixed").endMetadata().withNewSpec().addToSelector("app", "pay").addToSelector("slot", "blue")
                .addNewPort().withPort(80).endPort().endSpec().build()).create();

        RolloutOutcome outcome = BlueGreenDeploy.start(BlueGreenPlan.builder("mixed", "pay").image("app", "shop/pay:1.2")
                .activeService("pay").activeService("pay-eu").build(), context(scheduler), null).outcome().get(30, TimeUnit.SECONDS);
        assertThat(outcome.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(outcome.message()).contains("disagree on the live slot").contains("pay→green").contains("pay-eu→blue")
                .contains("kubectl patch service");
    }

    @Test
    void abortingWhileWaitingForApprovalScalesTheNewSlotDownAndLeavesLiveAlone() throws Exception {
        plainService("approve", "search", "shop/search:1.0");
        PendingApprovals approvals = new PendingApprovals(scheduler, Clock.systemUTC());
        BlueGreenDeploy release = BlueGreenDeploy.start(BlueGreenPlan.builder("approve", "search").image("app", "shop/search:2.0")
                .approval(new ApprovalRequest("switch", "", List.of(), List.of("release-managers"), Duration.ZERO,
                        ApprovalRequest.Decision.REJECTED)).build(), context(scheduler), approvals);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (approvals.waiting().isEmpty()) {
            assertThat(System.nanoTime()).as("approval requested: " + messages()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(approvals.waiting().get(0).facts()).anyMatch(f -> f.contains("from blue to green"));
        release.abort("build aborted by alice");

        RolloutOutcome outcome = release.outcome().get(30, TimeUnit.SECONDS);
        assertThat(outcome.result()).isEqualTo(RolloutOutcome.Result.NOT_PROMOTED);
        assertThat(outcome.message()).contains("build aborted by alice");
        assertThat(selector("approve", "search")).containsEntry("slot", "blue");
    }

    // --- helpers

    /** A plain Deployment {@code app} (3 replicas) with its Service and 40 requests/s: what adoption starts from. */
    private LoadGenerator plainService(String ns, String app, String image) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(app)
                .withNamespace(ns).endMetadata().withNewSpec().addToSelector("app", app).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName(app).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
        return sandbox.startLoad(LoadSpec.of(ns, app, 40));
    }

    private static AnalysisPlan watchGates(int count) {
        return AnalysisPlan.of(List.of(BuiltInChecks.errorRate())).withTiming(AnalysisTiming.DEFAULT
                        .withInitialDelay(Duration.ofSeconds(1)).withInterval(Duration.ofSeconds(2)).withCount(count)
                        .withWindow(Duration.ofSeconds(2)))
                .withLimits(new AnalysisLimits(0, 10, 4));
    }

    private RolloutContext context(ScheduledExecutorService executor) {
        return new RolloutContext(sandbox.client(), executor, Clock.systemUTC(), prometheus, new EngineMetrics(), events::add);
    }

    private java.util.Map<String, String> selector(String ns, String service) {
        return sandbox.client().services().inNamespace(ns).withName(service).get().getSpec().getSelector();
    }

    /** The Deployments of the last {@link RolloutEvent.Replicas}: the reading the strategy takes as it ends. */
    private List<VersionReplicas> lastReplicas() {
        return events.stream().filter(RolloutEvent.Replicas.class::isInstance).map(RolloutEvent.Replicas.class::cast)
                .reduce((first, second) -> second).map(RolloutEvent.Replicas::deployments).orElse(List.of());
    }

    private List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }
}
