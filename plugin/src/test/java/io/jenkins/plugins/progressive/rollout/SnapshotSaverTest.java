package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotSaverTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final AtomicInteger version = new AtomicInteger();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void manyDecisionsInABurstAreOneWriteNowAndOneAfterTheInterval() throws Exception {
        SnapshotSaver saver = new SnapshotSaver(() -> "snapshot " + version.incrementAndGet(), written::add, scheduler,
                scheduler, Clock.systemUTC(), Duration.ofMillis(400));
        for (int i = 0; i < 50; i++) {
            saver.onEvent(new RolloutEvent.Decision(Instant.now(), "gate " + i, true));
        }
        awaitWrites(1);
        for (int i = 0; i < 50; i++) {
            saver.onEvent(new RolloutEvent.Decision(Instant.now(), "gate " + i, true));
        }
        Thread.sleep(200);
        assertThat(written).as("the second burst waits for the interval").hasSize(1);
        awaitWrites(2);
        Thread.sleep(600);
        assertThat(written).as("nothing new happened, nothing written").hasSize(2);
    }

    @Test
    void progressAloneIsNotWorthAWriteAndNothingIsWrittenAfterClose() throws Exception {
        SnapshotSaver saver = new SnapshotSaver(() -> "snapshot", written::add, scheduler, scheduler, Clock.systemUTC(),
                Duration.ofMillis(100));
        saver.onEvent(new RolloutEvent.Warning(Instant.now(), "latest tag"));
        saver.close();
        saver.onEvent(new RolloutEvent.PhaseChanged(Instant.now(), "rolling back", "gate failed"));
        Thread.sleep(300);
        assertThat(written).isEmpty();
    }

    @Test
    void theWriteRunsOnTheWriterNotOnTheSchedulersThread() throws Exception {
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
                task -> new Thread(task, "snapshot-writer"));
        try {
            List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            SnapshotSaver saver = new SnapshotSaver(() -> "snapshot", json -> {
                threads.add(Thread.currentThread().getName());
                written.add(json);
            }, scheduler, writer, Clock.systemUTC(), Duration.ofMillis(100));
            saver.onEvent(new RolloutEvent.PhaseChanged(Instant.now(), "analysing", "batch 1"));
            awaitWrites(1);
            assertThat(threads).containsExactly("snapshot-writer");
        } finally {
            writer.shutdownNow();
        }
    }

    private void awaitWrites(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (written.size() < count) {
            assertThat(System.nanoTime()).as(count + " writes within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
