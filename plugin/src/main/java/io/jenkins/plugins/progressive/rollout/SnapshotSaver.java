package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the build's copy of the rollout snapshot fresh, so that after a controller restart the page (and the resumed
 * recording) starts from what was seen, not from nothing. Saves after the events that change the picture — phases,
 * decisions, traffic shifts, approvals — coalesced to at most one write per interval: a gate measuring every second
 * must not rewrite the snapshot every second. Writes run on the blocking pool, never on the engine's calling thread
 * nor on the scheduler (a slow disk must not hold up the rollouts' timers).
 */
public final class SnapshotSaver implements RolloutListener {
    private final Supplier<String> snapshot;
    private final Consumer<String> persist;
    private final ScheduledExecutorService scheduler;
    private final Executor writer;
    private final Clock clock;
    private final Duration interval;
    private boolean pending;
    private boolean closed;
    private Instant last = Instant.MIN;

    /**
     * @param scheduler delays the writes
     * @param writer runs them (they may block on the disk)
     */
    public SnapshotSaver(Supplier<String> snapshot, Consumer<String> persist, ScheduledExecutorService scheduler,
            Executor writer, Clock clock, Duration interval) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.persist = Objects.requireNonNull(persist, "persist");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    @Override
    public void onEvent(RolloutEvent event) {
        if (event instanceof RolloutEvent.PhaseChanged || event instanceof RolloutEvent.Decision
                || event instanceof RolloutEvent.TrafficShifted || event instanceof RolloutEvent.ApprovalRequested
                || event instanceof RolloutEvent.ApprovalDecided) {
            request();
        }
    }

    /** No more saves: the rollout ended and its final snapshot must not be overwritten by a late one. */
    public synchronized void close() {
        closed = true;
    }

    private synchronized void request() {
        if (pending || closed) {
            return;
        }
        pending = true;
        Instant now = clock.instant();
        Instant due = last.equals(Instant.MIN) ? now : last.plus(interval);
        long delay = Math.max(0, Duration.between(now, due).toMillis());
        scheduler.schedule(() -> writer.execute(this::save), delay, TimeUnit.MILLISECONDS);
    }

    private void save() {
        synchronized (this) {
            pending = false;
            last = clock.instant();
            if (closed) {
                return;
            }
            // Under the lock: close() followed by the final write can never be overtaken by this one.
            String json = snapshot.get();
            if (json != null) {
                persist.accept(json);
            }
        }
    }
}
