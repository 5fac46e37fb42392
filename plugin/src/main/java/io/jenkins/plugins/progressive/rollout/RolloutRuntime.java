package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every rollout on this controller shares: one small scheduler (rollouts wait on watches and timers, never on a
 * thread of their own, so four threads drive hundreds of rollouts), the engine's metrics, the clock, and the rollouts
 * running right now, for the build pages and the approval buttons.
 */
public final class RolloutRuntime {
    private static final RolloutRuntime INSTANCE = new RolloutRuntime(Clock.systemUTC());
    private static final int THREADS = 4;

    private final ScheduledExecutorService scheduler;
    private final EngineMetrics metrics = new EngineMetrics();
    private final Clock clock;
    private final Map<String, LiveRollout> live = new ConcurrentHashMap<>();

    RolloutRuntime(Clock clock) {
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "progressive-delivery-" + count.incrementAndGet());
            // The controller must be able to stop while a rollout waits; the rollout resumes from the cluster.
            thread.setDaemon(true);
            return thread;
        };
        this.scheduler = Executors.newScheduledThreadPool(THREADS, threads);
    }

    public static RolloutRuntime get() {
        return INSTANCE;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    public void register(LiveRollout rollout) {
        live.put(rollout.key(), rollout);
    }

    public void unregister(LiveRollout rollout) {
        live.remove(rollout.key(), rollout);
    }

    public Optional<LiveRollout> find(String runId, String rolloutId) {
        return Optional.ofNullable(live.get(LiveRollout.key(runId, rolloutId)));
    }
}
