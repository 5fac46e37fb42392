package io.jenkins.plugins.progressive.engine.campaign;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of the crash test: the app at 1.0, a rollout of a healthy 2.0 by a first engine that dies right after its
 * k-th write (the API server cuts its client off: that write lands, nothing after it does; its threads are stopped),
 * then a fresh engine with the same plan and holder, as a resumed Pipeline step would start it. Without k, the
 * uninterrupted run the others are compared with.
 */
final class CrashRun {

    private static final Duration OUTCOME_WITHIN = Duration.ofMinutes(3);
    private static final Duration WHOLE_WITHIN = Duration.ofSeconds(90);

    /**
     * What a run left: the first engine's writes (all of them when it was not killed), the outcome of the engine that
     * finished, the cluster's write history, what is off from a whole 2.0 (empty when whole), and the pod templates
     * the namespace's ReplicaSets were made for (owner and images: each template a Deployment ever ran makes one).
     */
    record Result(CampaignStrategy strategy, Integer k, int firstWrites, String outcome, String message,
            ClusterHistory history, String notWhole, java.util.Set<String> replicaSets, String lastEvents) {
    }

    private final Sandbox sandbox;
    private final KubernetesClient admin;

    CrashRun(Sandbox sandbox, KubernetesClient admin) {
        this.sandbox = sandbox;
        this.admin = admin;
    }

    Result execute(CampaignStrategy strategy, String ns, Integer k) throws Exception {
        long started = System.nanoTime();
        ApiWrites writes = sandbox.apiServer().writes();
        strategy.setUp(admin, ns);
        String holder = "https://ci.example/job/crash/" + ns + "/";
        int mark = writes.mark();
        ConcurrentLinkedDeque<String> events = new ConcurrentLinkedDeque<>();
        String first = "crash-" + ns + "-first";
        CompletableFuture<Integer> cut = k == null ? new CompletableFuture<>() : writes.cutOffAfter(first, k);
        CampaignStrategy.Ending ending;
        ScheduledExecutorService firstThreads = Executors.newScheduledThreadPool(2);
        try (KubernetesClient firstClient = sandbox.apiServer().newClient(first)) {
            CompletableFuture<CampaignStrategy.Ending> firstOutcome;
            try {
                // A strategy's start reads and writes before it returns: the cut can come in the middle of it.
                firstOutcome = strategy.start(context(firstClient, firstThreads, events), ns, holder);
            } catch (RuntimeException e) {
                if (!cut.isDone()) {
                    throw e;
                }
                firstOutcome = CompletableFuture.failedFuture(e);
            }
            CompletableFuture.anyOf(firstOutcome.handle((o, e) -> o), cut).get(OUTCOME_WITHIN.toSeconds(), TimeUnit.SECONDS);
            if (cut.isDone()) {
                firstThreads.shutdownNow(); // the process dies: no thread of it runs on, its client goes with it
            }
            ending = cut.isDone() ? null : firstOutcome.get();
        } catch (TimeoutException e) {
            throw new AssertionError(strategy + " k=" + k + ": no outcome and no cut within " + OUTCOME_WITHIN
                    + "; last events " + events, e);
        } finally {
            firstThreads.shutdownNow();
        }
        int firstWrites = writes.since(mark, ns, first).size();
        if (ending == null) {
            ScheduledExecutorService secondThreads = Executors.newScheduledThreadPool(2);
            try (KubernetesClient second = sandbox.apiServer().newClient("crash-" + ns + "-second")) {
                ending = strategy.start(context(second, secondThreads, events), ns, holder)
                        .get(OUTCOME_WITHIN.toSeconds(), TimeUnit.SECONDS);
            } finally {
                secondThreads.shutdownNow();
            }
        }
        String notWhole = awaitWhole(strategy, ns, "2.0");
        java.util.Set<String> replicaSets = admin.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .map(rs -> (rs.getMetadata().getOwnerReferences() == null || rs.getMetadata().getOwnerReferences().isEmpty()
                        ? "?" : rs.getMetadata().getOwnerReferences().get(0).getName()) + " "
                        + rs.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage())
                                .collect(java.util.stream.Collectors.joining(",")).replace(ns, "NS"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        ClusterHistory history = ClusterHistory.of(writes.since(mark, ns), ns);
        CampaignRun.tearDown(admin, ns);
        System.out.printf(Locale.ROOT, "crash run %s k=%s: %s, %d first writes, %.1f s%n", strategy, k, ending.result(),
                firstWrites, (System.nanoTime() - started) / 1e9);
        return new Result(strategy, k, firstWrites, ending.result(), ending.message(), history, notWhole, replicaSets,
                String.join(" | ", events));
    }

    private static RolloutContext context(KubernetesClient client, ScheduledExecutorService threads,
            ConcurrentLinkedDeque<String> events) {
        return new RolloutContext(client, threads, Clock.systemUTC(),
                new HttpPrometheusClient(PrometheusConnection.of("http://127.0.0.1:9")), new EngineMetrics(), e -> {
                    events.add(e.message());
                    while (events.size() > 10) {
                        events.pollFirst();
                    }
                });
    }

    private String awaitWhole(CampaignStrategy strategy, String ns, String version) throws InterruptedException {
        long deadline = System.nanoTime() + WHOLE_WITHIN.toNanos();
        String off;
        do {
            off = strategy.notWhole(admin, ns, version);
            if (off.isEmpty()) {
                return off;
            }
            Thread.sleep(100); // polling the cluster for a condition, bounded by the deadline
        } while (System.nanoTime() < deadline);
        return off;
    }
}
