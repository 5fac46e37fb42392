package io.jenkins.plugins.progressive.engine.strategy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.progressive.engine.approval.PendingApprovals;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A canary survives its engine: the first instance is killed (its scheduler shut down) in the middle of the walk, a
 * new one with the same plan and holder continues at the step it had reached without moving traffic, a changed plan
 * starts over from stable, and another holder is refused while the first one's lease lives.
 */
class CanaryResumeTest {

    private static final String HOLDER = "https://ci.example/job/web/7/";

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().start();
        scheduler = Executors.newScheduledThreadPool(3);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(value = RouterSpec.Kind.class, names = {"GATEWAY_API", "REPLICA_RATIO"})
    void aNewEngineInstanceResumesAtTheStepReachedWithoutMovingTraffic(RouterSpec.Kind kind) throws Exception {
        String ns = "resume-" + kind.name().toLowerCase().replace('_', '-');
        app(ns, kind);
        // Five steps; the controller dies in the 3 s pause. With the Gateway API a header route is set before it, which
        // the resumed walk keeps; replica ratio has none, so its pause is step 3.
        List<CanaryStep> steps = kind == RouterSpec.Kind.GATEWAY_API
                ? List.of(new CanaryStep.SetWeight(20), new CanaryStep.SetHeaderRoute(HeaderRoute.header("beta", "x-beta", "1")),
                        new CanaryStep.SetWeight(40), new CanaryStep.Pause(Duration.ofSeconds(3)), new CanaryStep.SetWeight(60))
                : List.of(new CanaryStep.SetWeight(20), new CanaryStep.SetWeight(40), new CanaryStep.Pause(Duration.ofSeconds(3)),
                        new CanaryStep.SetWeight(60), new CanaryStep.Pause(Duration.ofMillis(500)));
        CanaryPlan plan = plan(ns, kind, steps, HOLDER);
        int pauseStep = kind == RouterSpec.Kind.GATEWAY_API ? 4 : 3;
        List<Integer> routerSeen = new CopyOnWriteArrayList<>();
        List<Integer> canaryReplicasSeen = new CopyOnWriteArrayList<>();
        try (Watch router = watchRouter(ns, kind, routerSeen); Watch canary = watchReplicas(ns, "web-canary", canaryReplicasSeen)) {
            ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
            CanaryStage.start(plan, context(first), null);
            awaitPhase("step " + pauseStep + " of 5");
            first.shutdownNow(); // the controller dies in the pause, after the steps before it completed
            int routerWrites = routerSeen.size();
            events.clear();

            RolloutOutcome outcome = CanaryStage.start(plan, context(scheduler), null).outcome().get(60, TimeUnit.SECONDS);

            assertThat(outcome.result()).as(outcome.message() + " " + messages()).isEqualTo(RolloutOutcome.Result.PROMOTED);
            assertThat(messages()).anyMatch(m -> m.startsWith("resuming after a restart at step " + pauseStep + " of 5 (pause 3 s), "
                    + (pauseStep - 1) + " steps done; traffic stays at 40% to the canary; the pause in progress waits its remaining")
                    // Less than the whole 3 s (seconds are floored): the part waited before the kill is not waited again.
                    && m.matches(".* remaining [0-2] s"));
            assertThat(phases()).as("the new instance runs no step before the one reached").doesNotContain("step 1 of 5", "step 2 of 5")
                    .contains("resume", "step " + pauseStep + " of 5", "step 5 of 5", "promote");
            System.out.printf("%s: router %s (%d values before the kill), canary replicas %s%n", kind, compress(routerSeen),
                    routerWrites, compress(canaryReplicasSeen));
            if (kind == RouterSpec.Kind.GATEWAY_API) {
                // Canary weight on the HTTPRoute: 40% held across the restart, then 60, 100 for the promotion, 0 at the end.
                assertThat(compress(routerSeen)).containsExactly(0, 20, 40, 60, 100, 0);
                assertThat(sandbox.client().resources(HTTPRoute.class).inNamespace(ns).withName("web").get().getSpec().getRules())
                        .as("the header route is removed on promotion").hasSize(1);
            } else {
                // Stable replicas of R = 10: 8 at 20%, 6 at 40% (not 6 - 2 = 4, which sizing by stable's own count would give).
                assertThat(compress(routerSeen)).containsExactly(10, 8, 6, 4, 0, 10);
            }
            // The canary's pods are never taken away across the restart: 2, 4 (held), 6, 10, then 0 after promotion.
            assertThat(compress(canaryReplicasSeen)).containsExactly(0, 2, 4, 6, 10, 0);
        }
        assertThat(CanaryState.read(sandbox.client().apps().deployments().inNamespace(ns).withName("web-canary").get()))
                .extracting(CanaryState::phase, CanaryState::completed).containsExactly(CanaryState.PROMOTED, 5);
    }

    @Test
    void anApprovalPendingAtTheRestartIsAskedAgainAtTheSameWeight() throws Exception {
        String ns = "resume-approval";
        app(ns, RouterSpec.Kind.GATEWAY_API);
        CanaryPlan plan = plan(ns, RouterSpec.Kind.GATEWAY_API, List.of(new CanaryStep.SetWeight(30), new CanaryStep.Pause(null),
                new CanaryStep.SetWeight(100)), HOLDER);
        List<Integer> routerSeen = new CopyOnWriteArrayList<>();
        try (Watch router = watchRouter(ns, RouterSpec.Kind.GATEWAY_API, routerSeen)) {
            ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
            PendingApprovals before = new PendingApprovals(first, Clock.systemUTC());
            CanaryStage.start(plan, context(first), before);
            awaitApproval(before);
            first.shutdownNow(); // nobody answered before the restart
            events.clear();
            PendingApprovals after = new PendingApprovals(scheduler, Clock.systemUTC());

            CanaryStage resumed = CanaryStage.start(plan, context(scheduler), after);
            awaitApproval(after);
            assertThat(after.waiting().get(0).title()).isEqualTo("Continue the canary of web at 30%?");
            assertThat(after.decide("step-2", true, "alice", "looks good")).isTrue();
            RolloutOutcome outcome = resumed.outcome().get(60, TimeUnit.SECONDS);

            assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.PROMOTED);
            assertThat(messages()).anyMatch(m -> m.equals("resuming after a restart at step 2 of 3 (pause until approved), 1 step "
                    + "done; traffic stays at 30% to the canary; that step was in progress and runs again from its start"));
            assertThat(compress(routerSeen)).containsExactly(0, 30, 100, 0);
        }
    }

    @Test
    void aChangedPlanDoesNotResumeTheOldWalkButStartsOverFromStable() throws Exception {
        String ns = "resume-changed";
        app(ns, RouterSpec.Kind.GATEWAY_API);
        CanaryPlan old = plan(ns, RouterSpec.Kind.GATEWAY_API, List.of(new CanaryStep.SetWeight(30),
                new CanaryStep.Pause(Duration.ofSeconds(60)), new CanaryStep.SetWeight(100)), HOLDER);
        CanaryPlan changed = plan(ns, RouterSpec.Kind.GATEWAY_API, List.of(new CanaryStep.SetWeight(10),
                new CanaryStep.Pause(Duration.ofMillis(500)), new CanaryStep.SetWeight(100)), HOLDER);
        assertThat(CanaryState.fingerprint(old)).isNotEqualTo(CanaryState.fingerprint(changed))
                .isEqualTo(CanaryState.fingerprint(plan(ns, RouterSpec.Kind.GATEWAY_API, List.copyOf(old.steps()), HOLDER)));
        List<Integer> routerSeen = new CopyOnWriteArrayList<>();
        try (Watch router = watchRouter(ns, RouterSpec.Kind.GATEWAY_API, routerSeen)) {
            ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
            CanaryStage.start(old, context(first), null);
            awaitPhase("step 2 of 3");
            first.shutdownNow();
            events.clear();

            RolloutOutcome outcome = CanaryStage.start(changed, context(scheduler), null).outcome().get(60, TimeUnit.SECONDS);

            assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.PROMOTED);
            assertThat(messages()).anyMatch(m -> m.contains("unfinished walk of a different plan at 30%: all traffic went back "
                    + "to stable; this walk starts at step 1"));
            assertThat(phases()).contains("step 1 of 3").doesNotContain("resume");
            // 30% of the old walk goes back to 0 before the new walk's 10%: never a weight the new plan did not reach.
            assertThat(compress(routerSeen)).containsExactly(0, 30, 0, 10, 100, 0);
        }
    }

    @Test
    void anotherHolderIsRefusedWhileTheFirstHoldsTheLease() throws Exception {
        String ns = "resume-holder";
        app(ns, RouterSpec.Kind.GATEWAY_API);
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(25), new CanaryStep.Pause(Duration.ofSeconds(60)));
        ScheduledExecutorService first = Executors.newScheduledThreadPool(2);
        CanaryStage.start(plan(ns, RouterSpec.Kind.GATEWAY_API, steps, HOLDER), context(first), null);
        awaitPhase("step 2 of 2");
        first.shutdownNow();

        RolloutOutcome other = CanaryStage.start(plan(ns, RouterSpec.Kind.GATEWAY_API, steps, "https://ci.example/job/web/8/"),
                context(scheduler), null).outcome().get(30, TimeUnit.SECONDS);

        assertThat(other.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(other.message()).contains(HOLDER);
        assertThat(canaryWeight(sandbox.client().resources(HTTPRoute.class).inNamespace(ns).withName("web").get()))
                .as("the refused holder wrote nothing").isEqualTo(25);
        assertThat(CanaryState.read(sandbox.client().apps().deployments().inNamespace(ns).withName("web-canary").get()))
                .extracting(CanaryState::holder, CanaryState::weight).containsExactly(HOLDER, 25);
    }

    // --- helpers

    private static CanaryPlan plan(String ns, RouterSpec.Kind kind, List<CanaryStep> steps, String holder) {
        return new CanaryPlan(ns, "web", List.of(new ImageChange("app", "shop/web:2.0")), kind,
                kind == RouterSpec.Kind.REPLICA_RATIO ? null : "web", steps, null, 0, null, holder);
    }

    /** Deployment {@code web} 1.0 with 10 replicas, its Service and, for the Gateway API, the two Services and route. */
    private static void app(String ns, RouterSpec.Kind kind) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(10).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(3))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/web:1.0").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        service(ns, "web", Map.of("app", "web"));
        if (kind == RouterSpec.Kind.GATEWAY_API) {
            service(ns, "web-stable", Map.of("app", "web"));
            service(ns, "web-canary", Map.of("app", "web", "progressive.jenkins.io/track", "canary"));
            sandbox.client().resources(HTTPRoute.class).inNamespace(ns).resource(new HTTPRouteBuilder().withNewMetadata()
                    .withName("web").withNamespace(ns).endMetadata()
                    .withNewSpec().addNewParentRef().withGroup("").withKind("Service").withName("web").endParentRef()
                        .addNewRule()
                            .addNewBackendRef().withName("web-stable").withPort(80).withWeight(100).endBackendRef()
                            .addNewBackendRef().withName("web-canary").withPort(80).withWeight(0).endBackendRef()
                        .endRule()
                    .endSpec().build()).create();
        }
        sandbox.client().apps().deployments().inNamespace(ns).withName("web").waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }

    private static void service(String ns, String name, Map<String, String> selector) {
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
    }

    /** Every value the router holds as it changes: the canary's weight on the route, or stable's replicas. */
    private static Watch watchRouter(String ns, RouterSpec.Kind kind, List<Integer> seen) {
        if (kind == RouterSpec.Kind.GATEWAY_API) {
            seen.add(canaryWeight(sandbox.client().resources(HTTPRoute.class).inNamespace(ns).withName("web").get()));
            return sandbox.client().resources(HTTPRoute.class).inNamespace(ns).withName("web")
                    .watch(watcher(route -> seen.add(canaryWeight(route))));
        }
        return watchReplicas(ns, "web", seen);
    }

    private static Watch watchReplicas(String ns, String name, List<Integer> seen) {
        Deployment now = sandbox.client().apps().deployments().inNamespace(ns).withName(name).get();
        if (now != null) {
            seen.add(now.getSpec().getReplicas());
        }
        return sandbox.client().apps().deployments().inNamespace(ns).withName(name)
                .watch(watcher(d -> seen.add(d.getSpec().getReplicas())));
    }

    private static <T> Watcher<T> watcher(Consumer<T> onChange) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action != Action.DELETED) {
                    onChange.accept(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    /** The canary backend's weight in the weighted rule (the one naming both Services; header routes only the canary). */
    private static int canaryWeight(HTTPRoute route) {
        return route.getSpec().getRules().stream()
                .filter(r -> r.getBackendRefs().stream().anyMatch(b -> "web-stable".equals(b.getName())))
                .flatMap(r -> r.getBackendRefs().stream()).filter(b -> "web-canary".equals(b.getName()))
                .map(HTTPBackendRef::getWeight).findFirst().orElse(-1);
    }

    /** Consecutive repeats dropped: the values the object went through. */
    private static List<Integer> compress(List<Integer> values) {
        List<Integer> result = new ArrayList<>();
        for (Integer value : values) {
            if (result.isEmpty() || !result.get(result.size() - 1).equals(value)) {
                result.add(value);
            }
        }
        return result;
    }

    private void awaitPhase(String phase) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!phases().contains(phase)) {
            assertThat(System.nanoTime()).as("phase '" + phase + "' in " + messages()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void awaitApproval(PendingApprovals approvals) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (approvals.waiting().isEmpty()) {
            assertThat(System.nanoTime()).as("an approval is asked").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private RolloutContext context(ScheduledExecutorService executor) {
        return new RolloutContext(sandbox.client(), executor, Clock.systemUTC(), null, new EngineMetrics(), events::add);
    }

    private List<String> phases() {
        return events.stream().filter(RolloutEvent.PhaseChanged.class::isInstance).map(e -> ((RolloutEvent.PhaseChanged) e).phase())
                .toList();
    }

    private List<String> messages() {
        return events.stream().map(RolloutEvent::message).toList();
    }
}
