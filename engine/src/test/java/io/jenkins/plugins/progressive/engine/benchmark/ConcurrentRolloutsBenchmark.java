package io.jenkins.plugins.progressive.engine.benchmark;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Harness: how many rolling updates one scheduler of four threads drives at once — the plugin's setup, where every
 * build's rollout shares {@code RolloutRuntime}'s pool instead of holding a thread. Starts N two-batch rollouts of N
 * Deployments in the sandbox at the same moment and prints the wall time until all succeeded, the slowest single
 * rollout, and the JVM's peak thread count against the count before, and the threads by name one second in. The
 * sandbox runs in the same JVM: its mock API server gives every open watch a single-thread executor of its own
 * ({@code WatchEventsListener}, named {@code pool-N-thread-1}), so the peak grows by about one per rollout, while the
 * engine's own threads are the four scheduler threads and the fabric8 client's shared pools.
 *
 * <p>Run: {@code mvn -q -P offline -pl engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.progressive.engine.benchmark.ConcurrentRolloutsBenchmark -Dexec.args="10 50 100"}
 */
public final class ConcurrentRolloutsBenchmark {
    private ConcurrentRolloutsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Sandbox sandbox = Sandbox.builder().workloads(false).start()) {
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
            for (String arg : args.length == 0 ? new String[] {"10", "50"} : args) {
                int count = Integer.parseInt(arg);
                String ns = "bench-" + count;
                for (int i = 0; i < count; i++) {
                    deployment(sandbox, ns, "app-" + i);
                }
                threads.resetPeakThreadCount();
                int before = threads.getThreadCount();
                long start = System.nanoTime();
                List<CompletableFuture<Long>> rollouts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    long begin = System.nanoTime();
                    RollingPlan plan = RollingPlan.builder(ns, "app-" + i).image("app", "shop/app:2.0")
                            .batches(Batches.parse(List.of("50%", "100%"))).holder("bench-" + i).build();
                    rollouts.add(CompletableFuture.supplyAsync(() -> RollingUpdate.start(plan, new RolloutContext(
                            sandbox.client(), scheduler, Clock.systemUTC(), null, new EngineMetrics(), null)), scheduler)
                            .thenCompose(RollingUpdate::outcome)
                            .thenApply(outcome -> {
                                if (outcome.result() != RolloutOutcome.Result.SUCCEEDED) {
                                    throw new IllegalStateException(outcome.message());
                                }
                                return System.nanoTime() - begin;
                            }));
                }
                java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
                CompletableFuture.allOf(rollouts.toArray(CompletableFuture[]::new)).orTimeout(1, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
                Thread.getAllStackTraces().keySet().forEach(t -> byKind.merge(t.getName().replaceAll("[-#]?\\d+", "#"),
                        1L, Long::sum));
                long slowest = 0;
                for (CompletableFuture<Long> rollout : rollouts) {
                    slowest = Math.max(slowest, rollout.get(10, TimeUnit.MINUTES));
                }
                long wall = System.nanoTime() - start;
                System.out.printf("%d concurrent rolling updates (2 batches, 4 replicas each) on 4 scheduler threads: "
                        + "all succeeded in %.1f s, slowest %.1f s; JVM threads %d before, peak %d%n", count,
                        wall / 1e9, slowest / 1e9, before, threads.getPeakThreadCount());
                System.out.println("threads one second in, by name: " + byKind);
            }
            scheduler.shutdownNow();
        }
    }

    private static void deployment(Sandbox sandbox, String ns, String name) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/app:1.0").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName(name).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 60, TimeUnit.SECONDS);
    }
}
