package io.jenkins.plugins.progressive.engine.strategy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import io.jenkins.plugins.progressive.engine.analysis.StatisticalJudge;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.JobOutcome;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import io.jenkins.plugins.progressive.sandbox.traffic.UserPopulation;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Canaries against the sandbox with load running and the real Prometheus judging: each router walks the weights with
 * the observed share checked at every step, a bad canary is rolled back, and a header route sends its cohort only to
 * the canary.
 */
@Tag("needs-tools")
class CanaryStageTest {

    /** How long the share is sampled at each weight (after a settling second): about 1 000 requests at 200/s. */
    private static final Duration MEASURE = Duration.ofSeconds(5);
    private static final long SETTLE_MILLIS = 1000;

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

    @ParameterizedTest
    @EnumSource(RouterSpec.Kind.class)
    void aHealthyCanaryWalksTheWeightsWithinFivePointsAndIsPromoted(RouterSpec.Kind kind) throws Exception {
        String ns = "walk-" + kind.name().toLowerCase().replace('_', '-');
        // Replica ratio approximates a weight by pods (ceil(R*w) canary next to R - floor(R*w) stable): with 20 replicas
        // that is 1/21 at 5%, 5/20 at 25%, 10/20 at 50%, so the weights themselves are the expectation for every router.
        int replicas = kind == RouterSpec.Kind.REPLICA_RATIO ? 20 : 10;
        LoadGenerator load = app(ns, "web", kind, replicas, 200, List.of());
        List<CanaryStep> steps = new ArrayList<>();
        for (int weight : new int[] {5, 25, 50}) {
            steps.add(new CanaryStep.SetWeight(weight));
            steps.add(new CanaryStep.Pause(MEASURE.plusSeconds(2)));
        }
        steps.add(new CanaryStep.SetWeight(100));
        Map<Integer, Double> shares = measureSharesOnEachWeight(load, "2.0");

        RolloutOutcome outcome = CanaryStage.start(plan(ns, "web", kind, steps, null), context(), null).outcome()
                .get(120, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);
        System.out.printf("%s: observed canary share by weight %s%n", kind, shares);
        for (int weight : new int[] {5, 25, 50}) {
            assertThat(shares).containsKey(weight);
            assertThat(shares.get(weight) * 100).as("%s share at %d%%", kind, weight).isCloseTo(weight,
                    org.assertj.core.data.Offset.offset(5.0));
        }
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo("shop/web:2.0");
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("web-canary").get().getSpec().getReplicas()).isZero();
        // The watch saw stable's template go from 1.0 to 2.0, and the canary at the full size before it went to 0.
        assertThat(lastReplicas()).extracting(VersionReplicas::role, VersionReplicas::version,
                VersionReplicas::previousVersion, VersionReplicas::desired).containsExactly(
                org.assertj.core.api.Assertions.tuple("stable", "2.0", "1.0", replicas),
                org.assertj.core.api.Assertions.tuple("canary", "2.0", null, 0));
        assertThat(events).filteredOn(RolloutEvent.Replicas.class::isInstance).map(RolloutEvent.Replicas.class::cast)
                .anyMatch(r -> r.deployments().get(1).available() == replicas);
        awaitStableOnly(load, "2.0");
    }

    @Test
    void aReplicaRatioPromotionNeverLeavesFewerReadyPodsAndReportsWhatRuns() throws Exception {
        String ns = "ratio-promotion";
        int replicas = 4;
        // The new version starts slowly (5 x the pace's start time), so scaling the canary down before stable's new
        // pods are ready would show as a gap in the ready pods, not hide between two samples.
        sandbox.controller().faults().podsOf("shop/basket:2.0", PodBehaviour.slow(5));
        app(ns, "basket", RouterSpec.Kind.REPLICA_RATIO, replicas, 0, List.of());
        ReadyPods ready = ReadyPods.watch(sandbox.client(), ns, Map.of("app", "basket"));
        try {
            ready.await(replicas);
            RolloutOutcome outcome = CanaryStage.start(plan(ns, "basket", RouterSpec.Kind.REPLICA_RATIO,
                    List.of(new CanaryStep.SetWeight(50), new CanaryStep.SetWeight(100)), null), context(), null)
                    .outcome().get(120, TimeUnit.SECONDS);

            assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);
            assertThat(outcome.message()).isEqualTo("basket runs shop/basket:2.0 on all 4 stable replicas; every step passed");
            assertThat(outcome.weight()).as("the new version gets every request").isEqualTo(100);
            ready.await(Map.of("2.0", replicas));
            System.out.printf("replica-ratio promotion: ready pods by version %s, fewest %d%n", ready.history(),
                    ready.fewest());
            assertThat(ready.fewest()).as("ready pods of the Service at every instant (%s)", ready.history())
                    .isGreaterThanOrEqualTo(replicas);
        } finally {
            ready.close();
        }
        io.fabric8.kubernetes.api.model.apps.Deployment stable = sandbox.client().apps().deployments().inNamespace(ns)
                .withName("basket").get();
        assertThat(stable.getSpec().getReplicas()).isEqualTo(replicas);
        assertThat(stable.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("basket-canary").get().getSpec()
                .getReplicas()).isZero();
    }

    @Test
    void aCanaryWithErrorsIsRolledBackAtTheFirstFailingAnalysis() throws Exception {
        String ns = "bad-canary";
        LoadGenerator load = app(ns, "api", RouterSpec.Kind.GATEWAY_API, 4, 150, List.of());
        sandbox.workloads().setProfile("api", "2.0", VersionProfile.healthy().withErrorRate(0.05));
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(20), new CanaryStep.Analysis(gates()),
                new CanaryStep.SetWeight(50), new CanaryStep.Analysis(gates()), new CanaryStep.SetWeight(100));

        RolloutOutcome outcome = CanaryStage.start(plan(ns, "api", RouterSpec.Kind.GATEWAY_API, steps, null), context(), null)
                .outcome().get(120, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(outcome.message()).contains("metric gate failed").contains("errorRate").contains("all traffic is back on stable");
        assertThat(outcome.reaction()).isNotNull();
        System.out.printf("canary rolled back %d ms after the first failing measurement (interval 2000 ms): %s%n",
                outcome.reaction().toMillis(), outcome.message());
        assertThat(outcome.reaction()).isLessThanOrEqualTo(Duration.ofSeconds(3));
        awaitStableOnly(load, "1.0");
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("api").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo("shop/api:1.0");
    }

    @Test
    void aSlowerCanaryIsRolledBackByTheStatisticalJudgeComparingItWithStable() throws Exception {
        String ns = "judged-canary";
        VersionProfile usual = VersionProfile.healthy().withLatency(Duration.ofMillis(40), Duration.ofMillis(90));
        sandbox.workloads().setProfile("cart", "1.0", usual);
        sandbox.workloads().setProfile("cart", "2.0", VersionProfile.healthy()
                .withLatency(Duration.ofMillis(80), Duration.ofMillis(150)));
        LoadGenerator load = app(ns, "cart", RouterSpec.Kind.GATEWAY_API, 4, 120, List.of());
        String meanLatency = "sum(rate(http_request_duration_seconds_sum{namespace=\"{{namespace}}\","
                + "service=\"{{service}}\",version=\"{{version}}\"}[3s])) / sum(rate("
                + "http_request_duration_seconds_count{namespace=\"{{namespace}}\",service=\"{{service}}\","
                + "version=\"{{version}}\"}[3s]))";
        // no errors and a latency within any fixed threshold one would set: only the comparison with stable sees it
        AnalysisPlan judged = AnalysisPlan.of(List.of(BuiltInChecks.errorRate(), MetricCheck.judged("latencyVsStable",
                        meanLatency, StatisticalJudge.DEFAULT.withRange(Duration.ofSeconds(20), Duration.ofSeconds(1)))))
                .withTiming(AnalysisTiming.DEFAULT.withInitialDelay(Duration.ofSeconds(2))
                        .withInterval(Duration.ofSeconds(2)).withCount(3).withWindow(Duration.ofSeconds(3)))
                .withLimits(new AnalysisLimits(0, 15, 4));
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(50), new CanaryStep.Analysis(judged),
                new CanaryStep.SetWeight(100));

        RolloutOutcome outcome = CanaryStage.start(plan(ns, "cart", RouterSpec.Kind.GATEWAY_API, steps, null), context(),
                null).outcome().get(120, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        System.out.println("judged canary: " + outcome.message());
        assertThat(outcome.message()).contains("latencyVsStable", "higher than the baseline beyond the tolerance",
                "all traffic is back on stable");
        awaitStableOnly(load, "1.0");
    }

    @Test
    void aTestJobRunsAgainstTheCanaryAtItsWeightAndAFailingOneRollsItBack() throws Exception {
        String ns = "tested-canary";
        app(ns, "search", RouterSpec.Kind.GATEWAY_API, 4, 40, List.of());
        sandbox.controller().faults().jobsOf("shop/smoke:bad", JobOutcome.FAIL);
        HookSpec passing = HookSpec.template(HookSpec.Phase.STEP, "shop/smoke:good", List.of("./smoke", "--all"));
        HookSpec failing = HookSpec.template(HookSpec.Phase.STEP, "shop/smoke:bad", List.of("./smoke", "--all"));
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(20), new CanaryStep.TestJob(passing),
                new CanaryStep.SetWeight(50), new CanaryStep.TestJob(failing), new CanaryStep.SetWeight(100));

        RolloutOutcome outcome = CanaryStage.start(plan(ns, "search", RouterSpec.Kind.GATEWAY_API, steps, null),
                context(), null).outcome().get(120, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        System.out.println("tested canary: " + outcome.message());
        assertThat(outcome.message()).contains("step 4 of 5 at 50%: the test Job did not pass: Job release-test-step-",
                "failed after", "BackoffLimitExceeded", "all traffic is back on stable");
        List<Job> jobs = sandbox.client().batch().v1().jobs().inNamespace(ns).list().getItems();
        assertThat(jobs).hasSize(2);
        Job first = jobs.stream().filter(j -> j.getMetadata().getName().endsWith("-2")).findFirst().orElseThrow();
        assertThat(first.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName, EnvVar::getValue).contains(
                        org.assertj.core.api.Assertions.tuple("CANARY_SERVICE", "search-canary"),
                        org.assertj.core.api.Assertions.tuple("STABLE_SERVICE", "search-stable"),
                        org.assertj.core.api.Assertions.tuple("CANARY_WEIGHT", "20"),
                        org.assertj.core.api.Assertions.tuple("CANARY_VERSION", "2.0"),
                        org.assertj.core.api.Assertions.tuple("STABLE_VERSION", "1.0"),
                        org.assertj.core.api.Assertions.tuple("NAMESPACE", ns));
        assertThat(messages()).anyMatch(m -> m.contains("step 2 of 5: Job release-test-step-") && m.contains("succeeded"));
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("search").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo("shop/search:1.0");
    }

    @Test
    void aHeaderRouteSendsItsCohortOnlyToTheCanaryWhileTheWeightAppliesToEveryoneElse() throws Exception {
        String ns = "ab";
        LoadGenerator load = app(ns, "feed", RouterSpec.Kind.GATEWAY_API, 4, 200,
                List.of(UserPopulation.withHeader("experiment", 0.2, "x-experiment", "feed-v2")));
        List<CanaryStep> steps = List.of(new CanaryStep.SetHeaderRoute(HeaderRoute.header("feed-v2", "x-experiment", "feed-v2")),
                new CanaryStep.SetWeight(10), new CanaryStep.Pause(Duration.ofSeconds(60)));
        CanaryStage canary = CanaryStage.start(plan(ns, "feed", RouterSpec.Kind.GATEWAY_API, steps, null), context(), null);
        awaitMessage("traffic: 10% to the canary");
        Thread.sleep(500);
        load.resolver().refresh();
        load.resetCounts();
        Thread.sleep(MEASURE.toMillis());
        TrafficCounts counts = load.counts();
        canary.abort("test done");
        RolloutOutcome outcome = canary.outcome().get(60, TimeUnit.SECONDS);

        TrafficCounts cohort = counts.population("experiment");
        TrafficCounts others = counts.population(UserPopulation.DEFAULT_NAME);
        System.out.printf("A/B: cohort %s, others %s%n", cohort.byVersion(), others.byVersion());
        assertThat(cohort.total()).isPositive();
        assertThat(cohort.share("2.0")).as("the cohort only sees the canary").isEqualTo(1.0);
        assertThat(others.share("2.0") * 100).as("everyone else follows the weight").isCloseTo(10.0,
                org.assertj.core.data.Offset.offset(5.0));
        assertThat(outcome.result()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        awaitStableOnly(load, "1.0");
    }

    @Test
    void badPlansAndMissingRouterObjectsAreRefusedBeforeAnyWrite() throws Exception {
        RolloutOutcome missingRoute = CanaryStage.start(new CanaryPlan("nothing", "web", List.of(new ImageChange("app", "shop/web:2")),
                RouterSpec.Kind.ISTIO, "web", List.of(new CanaryStep.SetWeight(10)), null, 0, null, null), context(), null)
                .outcome().get(30, TimeUnit.SECONDS);
        assertThat(missingRoute.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(missingRoute.message()).contains("deployment nothing/web not found");

        app("refuse", "cart", RouterSpec.Kind.REPLICA_RATIO, 2, 0, List.of());
        RolloutOutcome noHeaders = CanaryStage.start(plan("refuse", "cart", RouterSpec.Kind.REPLICA_RATIO,
                List.of(new CanaryStep.SetHeaderRoute(HeaderRoute.header("beta", "x-beta", "1"))), null), context(), null)
                .outcome().get(30, TimeUnit.SECONDS);
        assertThat(noHeaders.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(noHeaders.message()).contains("header and cookie routes need a router");
        RolloutOutcome nobodyToAsk = CanaryStage.start(plan("refuse", "cart", RouterSpec.Kind.REPLICA_RATIO,
                List.of(new CanaryStep.SetWeight(10), new CanaryStep.Pause(null)), null), context(), null)
                .outcome().get(30, TimeUnit.SECONDS);
        assertThat(nobodyToAsk.message()).contains("waits for a person");
        assertThat(sandbox.client().apps().deployments().inNamespace("refuse").withName("cart-canary").get()).isNull();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan("x", "web", RouterSpec.Kind.GATEWAY_API,
                List.of(new CanaryStep.SetWeight(50), new CanaryStep.SetWeight(20)), null)).hasMessageContaining("must not decrease");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CanaryStep.SetWeight(120)).hasMessageContaining("outside 0..100");
    }

    // --- helpers

    private static CanaryPlan plan(String ns, String app, RouterSpec.Kind kind, List<CanaryStep> steps,
            io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan background) {
        return new CanaryPlan(ns, app, List.of(new ImageChange("app", "shop/" + app + ":2.0")), kind,
                kind == RouterSpec.Kind.REPLICA_RATIO ? null : app, steps, background, 0, null, null);
    }

    private static AnalysisPlan gates() {
        return AnalysisPlan.of(List.of(BuiltInChecks.errorRate())).withTiming(AnalysisTiming.DEFAULT
                        .withInitialDelay(Duration.ofSeconds(2)).withInterval(Duration.ofSeconds(2)).withCount(3)
                        .withWindow(Duration.ofSeconds(3)))
                .withLimits(new AnalysisLimits(0, 8, 4));
    }

    /** The app as a user has it before the first canary ({@link CanaryApps#create}), with load if {@code rate > 0}. */
    private LoadGenerator app(String ns, String app, RouterSpec.Kind kind, int replicas, double rate,
            List<UserPopulation> populations) {
        CanaryApps.create(sandbox.client(), ns, app, kind, replicas);
        return rate > 0 ? sandbox.startLoad(LoadSpec.of(ns, app, rate).withPopulations(populations.toArray(UserPopulation[]::new)))
                : null;
    }

    /** Measures the canary share during the pause after each weight change: what a user would see at that step. */
    private Map<Integer, Double> measureSharesOnEachWeight(LoadGenerator load, String canaryVersion) {
        Map<Integer, Double> shares = new ConcurrentHashMap<>();
        Thread measuring = new Thread(() -> {
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && shares.size() < 3) {
                List<String> weights = messages().stream().filter(m -> m.startsWith("traffic: ")).toList();
                if (weights.size() > seen) {
                    int weight = Integer.parseInt(weights.get(seen).substring(9, weights.get(seen).indexOf('%')));
                    seen++;
                    if (weight < 100) {
                        sleep(SETTLE_MILLIS);
                        load.resolver().refresh();
                        load.resetCounts();
                        sleep(MEASURE.toMillis());
                        shares.put(weight, load.counts().share(canaryVersion));
                    }
                }
                sleep(20);
            }
        }, "share-measurement");
        measuring.setDaemon(true);
        measuring.start();
        return shares;
    }

    private void awaitStableOnly(LoadGenerator load, String version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double share = 0;
        while (System.nanoTime() < deadline) {
            load.resolver().refresh();
            load.resetCounts();
            Thread.sleep(1000);
            share = load.counts().share(version);
            if (share == 1.0) {
                return;
            }
        }
        throw new AssertionError("stable (" + version + ") did not get all traffic back: share " + share + " " + load.counts());
    }

    private void awaitMessage(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messages().stream().noneMatch(m -> m.startsWith(prefix))) {
            assertThat(System.nanoTime()).as("'" + prefix + "' in " + messages()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private RolloutContext context() {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), prometheus, new EngineMetrics(), events::add);
    }

    /** The Deployments of the last {@link RolloutEvent.Replicas}: the reading the strategy takes as it ends. */
    private List<VersionReplicas> lastReplicas() {
        return events.stream().filter(RolloutEvent.Replicas.class::isInstance).map(RolloutEvent.Replicas.class::cast)
                .reduce((first, second) -> second).map(RolloutEvent.Replicas::deployments).orElse(List.of());
    }

    private List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
