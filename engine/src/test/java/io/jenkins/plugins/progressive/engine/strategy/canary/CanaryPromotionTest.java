package io.jenkins.plugins.progressive.engine.strategy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.traffic.ServingObserver;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A healthy canary's promotion, for every router, watched from outside the engine while load runs: by a
 * {@link ServingObserver}, which re-evaluates at every change of pods, Services and routing objects where a request can
 * go, and by the load generator, which sends real requests and counts every one that got no pod (unrouted, failed on
 * the wire or dropped). The new version starts slowly (5 x the pace), so a write that runs ahead of the pods it needs
 * opens a window the observer sees rather than one that closes between two samples.
 */
class CanaryPromotionTest {

    private static final int REPLICAS = 4;
    private static final double RATE = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.NONE).start();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(RouterSpec.Kind.class)
    void aPromotionAlwaysLeavesTrafficAReadyPodOfAnAllowedVersionAndDropsNoRequest(RouterSpec.Kind kind)
            throws Exception {
        String app = "promo-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String ns = app;
        sandbox.controller().faults().podsOf("shop/" + app + ":2.0", PodBehaviour.slow(5));
        CanaryApps.create(sandbox.client(), ns, app, kind, REPLICAS);
        try (ServingObserver serving = ServingObserver.watch(sandbox.client(), ns, app, Set.of("1.0", "2.0"));
             LoadGenerator load = sandbox.startLoad(LoadSpec.of(ns, app, RATE))) {
            serving.awaitServing(Set.of("1.0"), WAIT);
            awaitAnswered(load, "1.0");
            load.resetCounts();

            RolloutOutcome outcome = CanaryStage.start(new CanaryPlan(ns, app, List.of(new ImageChange("app",
                            "shop/" + app + ":2.0")), kind, kind == RouterSpec.Kind.REPLICA_RATIO ? null : app,
                            List.of(new CanaryStep.SetWeight(50), new CanaryStep.SetWeight(100)), null, 0, null, null),
                    context(), null).outcome().get(120, TimeUnit.SECONDS);
            assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);

            // The canary is scaled down last: once only stable's new pods serve, the promotion is over.
            serving.await(s -> s.problems().isEmpty() && s.versions().equals(Set.of("2.0"))
                    && s.readyPods() == REPLICAS, "only the " + REPLICAS + " new stable pods serving", WAIT);
            awaitCanaryGone(ns, app);
            awaitAnswered(load, "2.0");
            TrafficCounts counts = load.counts();
            System.out.printf("%s promotion: fewest ready pods traffic could reach %d, requests %s, history %s%n",
                    kind, serving.fewestReadyPods(), counts, serving.history());

            assertThat(serving.violations()).as("instants where a request could get no ready pod of 1.0 or 2.0 (%s)",
                    serving.history()).isEmpty();
            // Never fewer than R: traffic moved back to stable only once R new stable pods were available, and the
            // canary (R pods at 100%) went only after that.
            assertThat(serving.fewestReadyPods()).as("ready pods traffic could reach at its worst instant (%s)",
                    serving.history()).isGreaterThanOrEqualTo(REPLICAS);
            assertThat(counts.dropped()).as("requests dropped: %s", counts).isZero();
            assertThat(counts.byVersion()).as("every request reached 1.0 or 2.0: %s", counts)
                    .containsOnlyKeys("1.0", "2.0");
            assertThat(counts.count("1.0", 200) + counts.count("2.0", 200)).as("every request answered 200: %s", counts)
                    .isEqualTo(counts.total());
            assertPromoted(ns, app);
        }
    }

    /** Stable runs 2.0 on R available pods and its Service selects stable's new ReplicaSet, not the canary's pods. */
    private void assertPromoted(String ns, String app) {
        Deployment stable = sandbox.client().apps().deployments().inNamespace(ns).withName(app).get();
        assertThat(stable.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/" + app + ":2.0");
        assertThat(stable.getStatus().getAvailableReplicas()).isEqualTo(REPLICAS);
        assertThat(sandbox.client().services().inNamespace(ns).withName(app + "-stable").get().getSpec().getSelector())
                .containsKey("pod-template-hash").doesNotContainKey(CanaryWorkloads.TRACK);
    }

    private static void awaitAnswered(LoadGenerator load, String version) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (load.counts().count(version, 200) < RATE) {
            assertThat(System.nanoTime()).as("load answered by %s: %s", version, load.counts()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitCanaryGone(String ns, String app) {
        sandbox.client().apps().deployments().inNamespace(ns).withName(app + "-canary").waitUntilCondition(d -> d != null
                && d.getStatus() != null && (d.getStatus().getReplicas() == null || d.getStatus().getReplicas() == 0),
                WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private RolloutContext context() {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(),
                new HttpPrometheusClient(PrometheusConnection.of("http://127.0.0.1:9")), new EngineMetrics(), events::add);
    }

    private List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }
}
