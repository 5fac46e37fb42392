package io.jenkins.plugins.progressive.rollout;

import hudson.init.Terminator;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every rollout on this controller shares: a small scheduler for the rollouts' timers and watches (rollouts
 * wait on watches and timers, never on a thread of their own, so four threads drive hundreds of rollouts), a separate
 * pool for the blocking work of the steps (opening a cluster, saving a build, writing a flag set: one slow API server
 * must not hold up every rollout's timers and approval timeouts), the engine's metrics, the clock, and the rollouts
 * running right now, for the build pages and the approval buttons.
 *
 * <p>Built the way core and the Pipeline plugins build their pools ({@code jenkins.util.Timer},
 * {@code SynchronousNonBlockingStepExecution}): daemon threads from {@link ClassLoaderSanityThreadFactory}, so a pool
 * created from the CPS VM thread does not keep a build's Groovy class loader alive, and executors that log every
 * failure instead of keeping it in a future nobody reads. The runtime is created on first use and shut down by a
 * {@link Terminator} when Jenkins stops; the next Jenkins in the same JVM (a restart in tests) gets a new one, so old
 * rollouts never keep running against a Jenkins that is gone. A rollout that was running then continues from the
 * cluster when its step resumes.
 */
public final class RolloutRuntime {
    private static final Logger LOGGER = Logger.getLogger(RolloutRuntime.class.getName());
    private static final int SCHEDULER_THREADS = 4;
    private static final int BLOCKING_THREADS = 8;
    private static RolloutRuntime instance;

    private final LoggingExecutors.Scheduler scheduler;
    private final LoggingExecutors.Pool blocking;
    private final EngineMetrics metrics = new EngineMetrics();
    private final Clock clock;
    private final Map<String, LiveRollout> live = new ConcurrentHashMap<>();

    RolloutRuntime(Clock clock, ThreadFactory schedulerThreads, ThreadFactory blockingThreads) {
        this.clock = clock;
        this.scheduler = new LoggingExecutors.Scheduler(SCHEDULER_THREADS, schedulerThreads);
        this.blocking = new LoggingExecutors.Pool(BLOCKING_THREADS, blockingThreads);
    }

    /** The runtime of the running Jenkins, created on first use. */
    public static synchronized RolloutRuntime get() {
        if (instance == null) {
            instance = new RolloutRuntime(Clock.systemUTC(), jenkinsThreads("ProgressiveDelivery.scheduler"),
                    jenkinsThreads("ProgressiveDelivery.blocking"));
        }
        return instance;
    }

    /** Stops the pools when Jenkins stops; what still runs is interrupted (the cluster keeps each rollout's state). */
    @Terminator
    public static void shutdown() {
        RolloutRuntime stopping;
        synchronized (RolloutRuntime.class) {
            stopping = instance;
            instance = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    private static ThreadFactory jenkinsThreads(String name) {
        return new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), name);
    }

    void stop() {
        scheduler.shutdownNow();
        blocking.shutdownNow();
        live.clear();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS) || !blocking.awaitTermination(5, TimeUnit.SECONDS)) {
                LOGGER.warning("some rollout tasks did not stop within 5 s of the shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.log(Level.FINE, "interrupted while waiting for the rollout pools to stop", e);
        }
    }

    /** Timers and short, non-blocking work: the engine's strategies, gates and approval timeouts run here. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Work that may block on I/O: opening a cluster, starting or finishing a step, saving a build, a flag write. */
    public ExecutorService blocking() {
        return blocking;
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
