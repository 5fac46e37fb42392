package io.jenkins.plugins.progressive.rollout;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Executors that log what their tasks throw. A plain executor keeps a task's {@link Throwable} — an {@link Error}
 * such as {@code NoClassDefFoundError} included — in a future nobody reads, so a failure vanishes without a trace.
 * Core's {@code ErrorLoggingScheduledThreadPoolExecutor} (behind {@code jenkins.util.Timer}) does the same for core
 * but is not public. The steps still catch every {@code Throwable} themselves and fail the step with it; this is the
 * last line, for the controller log.
 */
final class LoggingExecutors {
    private static final Logger LOGGER = Logger.getLogger(LoggingExecutors.class.getName());

    private LoggingExecutors() {}

    /** The rollouts' timers. */
    static final class Scheduler extends ScheduledThreadPoolExecutor {
        Scheduler(int threads, ThreadFactory factory) {
            super(threads, factory);
            // An aborted rollout cancels its timers; they must not stay queued until their delay ends.
            setRemoveOnCancelPolicy(true);
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            log(task, thrown);
        }
    }

    /** Blocking work, on a bounded number of threads that end when idle. */
    static final class Pool extends ThreadPoolExecutor {
        Pool(int threads, ThreadFactory factory) {
            super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
            allowCoreThreadTimeOut(true);
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            log(task, thrown);
        }
    }

    static void log(Runnable task, Throwable thrown) {
        Throwable failure = thrown;
        if (failure == null && task instanceof Future<?> future && future.isDone()) {
            try {
                future.get(0, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (CancellationException | TimeoutException e) {
                // cancelled timers are routine (an aborted rollout); a done future cannot time out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            LOGGER.log(Level.WARNING, "a rollout task failed", failure);
        }
    }
}
