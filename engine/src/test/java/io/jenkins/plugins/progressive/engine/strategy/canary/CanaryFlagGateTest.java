package io.jenkins.plugins.progressive.engine.strategy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import io.jenkins.plugins.progressive.engine.flags.gate.FlagGateCondition;
import io.jenkins.plugins.progressive.engine.flags.store.FlagSource;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.progress.report.CanarySnapshots;
import io.jenkins.plugins.progressive.engine.progress.report.PlannedStep;
import io.jenkins.plugins.progressive.engine.progress.report.TrackStep;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A feature flag as a canary gate, against the sandbox's API server and controllers: the canary goes on while the flag
 * is within its bound, rolls back naming the flag and its share once it is not, and is refused before any write when
 * the flag does not exist.
 */
class CanaryFlagGateTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

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
    void aFlagWithinItsBoundLetsTheCanaryGoOnToPromotion() throws Exception {
        String ns = "gate-pass";
        FlagSource source = FlagSource.featureFlag(ns, "shop-flags");
        store(source, 20);
        app(ns, "web");
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(10),
                new CanaryStep.FlagGate(source, "new-checkout", FlagGateCondition.maxPercent("on", 25)),
                new CanaryStep.SetWeight(100));

        RolloutOutcome outcome = CanaryStage.start(plan(ns, "web", steps), context(), null).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);
        String decision = messages().stream().filter(m -> m.contains("flag gate passed")).findFirst().orElseThrow();
        System.out.println(decision);
        assertThat(decision).startsWith("step 2 of 3").contains("'new-checkout'").contains("FeatureFlag gate-pass/shop-flags")
                .containsPattern("serves 'on' to (19|20|21)\\.\\d% of 10000 synthetic users");
        assertThat(image(ns, "web")).isEqualTo("shop/web:2.0");
        assertThat(messages()).noneMatch(m -> m.contains("would roll the canary back"));
    }

    @Test
    void aFlagRaisedPastItsBoundWhileTheCanaryRunsRollsItBackNamingFlagAndShare() throws Exception {
        String ns = "gate-fail";
        FlagSource source = FlagSource.configMap(ns, "flags", null);
        store(source, 20);
        app(ns, "api");
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(10), new CanaryStep.Pause(Duration.ofSeconds(3)),
                new CanaryStep.FlagGate(source, "new-checkout", FlagGateCondition.maxPercent("on", 25)),
                new CanaryStep.SetWeight(100));
        CanaryStage canary = CanaryStage.start(plan(ns, "api", steps), context(), null);
        awaitMessage("traffic: 10% to the canary");
        // Someone ramps the flag to 40% while the canary runs at 10%.
        store(source, 40);

        RolloutOutcome outcome = canary.outcome().get(60, TimeUnit.SECONDS);

        System.out.println(outcome.message());
        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(outcome.message()).startsWith("step 3 of 4 at 10%: flag gate failed: flag 'new-checkout' "
                + "(ConfigMap gate-fail/flags, key flags.flagd.json)").containsPattern("serves 'on' to (39|40|41)\\.\\d%")
                .contains("more than the gate's 25%").contains("all traffic is back on stable");
        assertThat(image(ns, "api")).isEqualTo("shop/api:1.0");
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("api-canary").get().getSpec()
                .getReplicas()).isZero();
    }

    @Test
    void aMissingFlagIsRefusedBeforeAnyWriteAndAFailingOneIsAWarningUpFront() throws Exception {
        String ns = "gate-refuse";
        FlagSource source = FlagSource.featureFlag(ns, "shop-flags");
        store(source, 40);
        app(ns, "cart");
        RolloutOutcome typo = CanaryStage.start(plan(ns, "cart", List.of(new CanaryStep.SetWeight(10),
                new CanaryStep.FlagGate(source, "new-chekout", FlagGateCondition.maxPercent("on", 25)))), context(), null)
                .outcome().get(60, TimeUnit.SECONDS);

        assertThat(typo.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(typo.message()).contains("steps[1] (flag gate)").contains("flag 'new-chekout'")
                .contains("does not exist; flags there: new-checkout");
        assertThat(sandbox.client().apps().deployments().inNamespace(ns).withName("cart-canary").get()).isNull();

        RolloutOutcome late = CanaryStage.start(plan(ns, "cart", List.of(new CanaryStep.SetWeight(10),
                new CanaryStep.FlagGate(source, "new-checkout", FlagGateCondition.maxPercent("on", 25)))), context(), null)
                .outcome().get(60, TimeUnit.SECONDS);
        assertThat(messages()).anyMatch(m -> m.startsWith("steps[1] (flag gate) would roll the canary back if it were "
                + "reached now"));
        assertThat(late.result()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
    }

    @Test
    void theJenkinsfileMapBecomesAGateAndTheTrackShowsIt() {
        CanaryStep.FlagGate gate = FlagGateParameters.parse("steps[1].flagGate", Map.of("featureFlag", "shop-flags",
                "flag", "new-checkout", "variant", "on", "maxPercent", 25), "shop");
        assertThat(gate).isEqualTo(new CanaryStep.FlagGate(FlagSource.featureFlag("shop", "shop-flags"), "new-checkout",
                FlagGateCondition.maxPercent("on", 25)));
        CanaryStep.FlagGate state = FlagGateParameters.parse("g", Map.of("configMap", "flags", "namespace", "flags-ns",
                "flag", "x", "state", "enabled"), "shop");
        assertThat(state.source()).isEqualTo(FlagSource.configMap("flags-ns", "flags", "flags.flagd.json"));
        assertThat(state.condition()).isEqualTo(FlagGateCondition.state(FlagState.ENABLED));
        assertThatThrownBy(() -> FlagGateParameters.parse("g", Map.of("flag", "x", "maxPercent", 5, "variant", "on"), "shop"))
                .isInstanceOf(PlanException.class).hasMessageContaining("configMap").hasMessageContaining("featureFlag");
        assertThatThrownBy(() -> FlagGateParameters.parse("g", Map.of("featureFlag", "f", "flag", "x", "maxPercent", 5,
                "varient", "on"), "shop")).hasMessageContaining("unknown [varient]");
        assertThatThrownBy(() -> FlagGateParameters.parse("g", Map.of("featureFlag", "f", "flag", "x", "maxPercent",
                "lots", "variant", "on"), "shop")).hasMessageContaining("g.maxPercent: 'lots' is not a percentage");

        List<PlannedStep> track = CanarySnapshots.plan(plan("shop", "web", List.of(new CanaryStep.SetWeight(10), gate,
                new CanaryStep.SetWeight(100))), "1.0", null).track();
        assertThat(track.get(1).kind()).isEqualTo(TrackStep.Kind.FLAG_GATE);
        assertThat(track.get(1).label()).isEqualTo("flag gate");
        assertThat(track.get(1).weight()).isEqualTo(10);
        assertThat(track.get(1).detail()).isEqualTo("flag gate: 'new-checkout' 'on' <= 25% (FeatureFlag shop/shop-flags)");
    }

    // --- helpers

    /** Writes the flag set with new-checkout serving 'on' to {@code percent}% (what flagToggle's percentage writes). */
    private static void store(FlagSource source, int percent) {
        FlagStore store = source.open(sandbox.client());
        store.write(store.read(), FlagSet.parse("""
                {"flags": {"new-checkout": {"state": "ENABLED", "variants": {"on": true, "off": false},
                  "defaultVariant": "off", "targeting": {"fractional": [["on", %d], ["off", %d]]}}}}
                """.formatted(percent, 100 - percent)), "[]");
    }

    private static CanaryPlan plan(String ns, String app, List<CanaryStep> steps) {
        return new CanaryPlan(ns, app, List.of(new ImageChange("app", "shop/" + app + ":2.0")),
                RouterSpec.Kind.REPLICA_RATIO, null, steps, null, 0, null, null);
    }

    private static void app(String ns, String app) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + app + ":1.0").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(app)
                .withNamespace(ns).endMetadata().withNewSpec().withSelector(Map.of("app", app)).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName(app).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }

    private static String image(String ns, String app) {
        return sandbox.client().apps().deployments().inNamespace(ns).withName(app).get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    private void awaitMessage(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messages().stream().noneMatch(m -> m.startsWith(prefix))) {
            assertThat(System.nanoTime()).as("'" + prefix + "' in " + messages()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private RolloutContext context() {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), null, new EngineMetrics(), events::add);
    }

    private List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }
}
