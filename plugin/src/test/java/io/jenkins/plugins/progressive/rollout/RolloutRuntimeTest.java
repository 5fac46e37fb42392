package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime's pools: failures are logged, blocking work does not hold up timers, a stop stops everything. */
class RolloutRuntimeTest {
    private final RolloutRuntime runtime = new RolloutRuntime(Clock.systemUTC(), Executors.defaultThreadFactory(),
            Executors.defaultThreadFactory());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(LoggingExecutors.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    RolloutRuntimeTest() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(handler);
        runtime.stop();
    }

    @Test
    void anErrorThrownByATaskIsLoggedNotKeptInAFutureNobodyReads() throws Exception {
        runtime.scheduler().execute(() -> {
            throw new NoClassDefFoundError("io/fabric8/Missing");
        });
        runtime.blocking().execute(() -> {
            throw new LinkageError("loader constraint violation");
        });
        runtime.scheduler().schedule(() -> {
            throw new IllegalStateException("a timer failed");
        }, 10, TimeUnit.MILLISECONDS);

        awaitLogged(3);
        assertThat(logged).extracting(r -> r.getThrown().getMessage()).containsExactlyInAnyOrder(
                "io/fabric8/Missing", "loader constraint violation", "a timer failed");
    }

    @Test
    void aCancelledTimerIsNoFailure() throws Exception {
        runtime.scheduler().schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);
        runtime.scheduler().submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertThat(logged).isEmpty();
    }

    @Test
    void blockedIoDoesNotHoldUpTheRolloutsTimers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            // eight steps stuck on a slow API server
            runtime.blocking().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        CountDownLatch timer = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            runtime.scheduler().schedule(timer::countDown, 5, TimeUnit.MILLISECONDS);
        }
        try {
            assertThat(timer.await(30, TimeUnit.SECONDS)).as("approval timeouts and gate timers still fire").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStoppedRuntimeRunsNothingMoreAndInterruptsWhatRuns() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        runtime.blocking().execute(() -> {
            running.countDown();
            try {
                Thread.sleep(TimeUnit.HOURS.toMillis(1));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        runtime.stop();

        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runtime.scheduler().isShutdown()).isTrue();
        assertThat(runtime.blocking().isTerminated()).isTrue();
    }

    private void awaitLogged(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (logged.size() < count) {
            assertThat(System.nanoTime()).as(count + " failures logged").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
