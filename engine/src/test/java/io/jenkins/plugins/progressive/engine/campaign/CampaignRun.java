package io.jenkins.plugins.progressive.engine.campaign;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.traffic.ServingObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the campaign: the app at 1.0, a random good or bad 2.0, a random fault schedule against the client under
 * test, the rollout, and the invariants, checked by watching the cluster from outside the engine:
 * <ol>
 *   <li>at every instant, traffic for the Service reaches ready pods, of 1.0 or 2.0 only ({@link ServingObserver});</li>
 *   <li>the outcome matches the cluster: promoted means the whole workload runs 2.0 and only 2.0 is reachable,
 *       anything else means the whole workload runs 1.0 and only 1.0 is reachable — never half;</li>
 *   <li>a bad version is never promoted;</li>
 *   <li>the engine writes nothing after its outcome.</li>
 * </ol>
 */
final class CampaignRun {

    /** The campaign's client times out a request after this; slow faults outlast it. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
    static final String ENGINE_AGENT = "campaign-engine";
    private static final Duration OUTCOME_WITHIN = Duration.ofMinutes(4);
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(90);

    private final Sandbox sandbox;
    private final KubernetesClient admin;
    private final KubernetesClient observing;
    private final KubernetesClient engine;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService faultTimer;

    CampaignRun(Sandbox sandbox, KubernetesClient admin, KubernetesClient observing, KubernetesClient engine,
            ScheduledExecutorService scheduler, ScheduledExecutorService faultTimer) {
        this.sandbox = sandbox;
        this.admin = admin;
        this.observing = observing;
        this.engine = engine;
        this.scheduler = scheduler;
        this.faultTimer = faultTimer;
    }

    RunResult execute(CampaignStrategy strategy, int index, long seed) throws InterruptedException {
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        String ns = strategy.prefix + "-" + index + "-" + Long.toHexString(seed & 0xffff);
        boolean good = random.nextInt(100) < 60;
        if (!good) {
            sandbox.controller().faults().podsOf(CampaignStrategy.image(ns, "2.0"),
                    random.nextBoolean() ? PodBehaviour.neverReady() : PodBehaviour.crashLooping());
        }
        FaultSchedule schedule = FaultSchedule.random(random, ns, CLIENT_TIMEOUT);
        List<String> violations = new ArrayList<>();
        ConcurrentLinkedDeque<String> events = new ConcurrentLinkedDeque<>();
        CampaignStrategy.Ending ending = null;
        int injected = 0;
        strategy.setUp(admin, ns);
        try (ServingObserver serving = ServingObserver.watch(observing, ns, CampaignStrategy.APP, Set.of("1.0", "2.0"))) {
            serving.awaitServing(Set.of("1.0"), SETTLE_WITHIN);
            List<ScheduledFuture<?>> armed = schedule.arm(sandbox.apiServer().faults(), faultTimer);
            AtomicInteger outcomeMark = new AtomicInteger(-1);
            RolloutContext context = new RolloutContext(engine, scheduler, Clock.systemUTC(),
                    new HttpPrometheusClient(PrometheusConnection.of("http://127.0.0.1:9")), new EngineMetrics(), e -> {
                        events.add(e.message());
                        if (events.size() > 8) {
                            events.pollFirst();
                        }
                    });
            CompletableFuture<CampaignStrategy.Ending> outcome;
            try {
                outcome = strategy.start(context, ns, "https://ci.example/job/campaign/" + ns + "/")
                        .whenComplete((e, t) -> outcomeMark.set(sandbox.apiServer().writes().mark()));
                ending = outcome.get(OUTCOME_WITHIN.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                violations.add("no outcome within " + OUTCOME_WITHIN + "; last events " + events);
            } catch (java.util.concurrent.ExecutionException e) {
                violations.add("the rollout threw instead of ending with an outcome: " + e.getCause());
            } finally {
                injected = (int) armed.stream().filter(f -> f.isDone() && !f.isCancelled()).count();
                armed.forEach(f -> f.cancel(false));
                sandbox.apiServer().faults().clear(ns);
            }
            if (ending != null) {
                if (!good && ending.promoted()) {
                    violations.add("bad version 2.0 was declared promoted: " + ending.message());
                }
                String expected = ending.promoted() ? "2.0" : "1.0";
                String whole = awaitWhole(strategy, ns, expected, serving);
                if (!whole.isEmpty()) {
                    violations.add("outcome " + ending.result() + " but the cluster is not whole on " + expected + ": "
                            + whole);
                }
                List<?> late = sandbox.apiServer().writes().since(outcomeMark.get(), ns, ENGINE_AGENT);
                if (!late.isEmpty()) {
                    violations.add("writes after the outcome: " + late);
                }
            }
            serving.violations().forEach(v -> violations.add("traffic: " + v));
        } finally {
            tearDown(admin, ns);
        }
        if (!violations.isEmpty()) {
            violations.add("schedule " + schedule + "; outcome " + (ending == null ? "none" : ending.result() + ": "
                    + ending.message()) + "; last events " + events);
        }
        return new RunResult(strategy, index, seed, good, ending == null ? "NONE" : ending.result(),
                ending != null && ending.promoted(), injected, sandbox.apiServer().faults().applied(ns), List.copyOf(violations),
                Duration.ofNanos(System.nanoTime() - started), schedule.toString(),
                ending == null ? "" : ending.message());
    }

    /** Waits until the workload runs {@code version} whole and traffic reaches only it; returns what is off, if not. */
    private String awaitWhole(CampaignStrategy strategy, String ns, String version, ServingObserver serving)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
        String off;
        do {
            off = strategy.notWhole(admin, ns, version);
            ServingObserver.Serving now = serving.now();
            if (off.isEmpty() && (now == null || !now.problems().isEmpty() || !now.versions().equals(Set.of(version)))) {
                off = "traffic reaches " + (now == null ? "nothing yet" : now.backends() + " " + now.problems());
            }
            if (off.isEmpty()) {
                return off;
            }
            Thread.sleep(100); // polling the cluster for a condition, bounded by the deadline
        } while (System.nanoTime() < deadline);
        return off + " (after waiting " + SETTLE_WITHIN.toSeconds() + " s)";
    }

    /** Removes a run's workloads so the controller simulator's work does not grow with the campaign. */
    static void tearDown(KubernetesClient admin, String ns) {
        try {
            admin.apps().deployments().inNamespace(ns).delete();
            admin.apps().statefulSets().inNamespace(ns).delete();
            admin.apps().replicaSets().inNamespace(ns).delete();
            admin.pods().inNamespace(ns).delete();
        } catch (RuntimeException e) {
            // Best effort: a leftover namespace costs only simulator time.
        }
    }
}
