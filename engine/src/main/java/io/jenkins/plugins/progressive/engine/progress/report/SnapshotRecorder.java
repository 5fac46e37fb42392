package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds a {@link RolloutSnapshot} from the events a running rollout emits; pass it as the rollout's listener, call
 * {@code finish} with the outcome, and take {@link #snapshot()} at any time (a live page polls it).
 * Thread-safe: the engine calls it from its scheduler threads while a page reads it.
 */
public final class SnapshotRecorder implements RolloutListener, AnalysisListener {

    /** Replica samples kept; beyond this every second one is dropped, so a long rollout keeps its shape. */
    static final int MAX_SAMPLES = ReplicaLog.MAX_SAMPLES;
    /** Measurements kept per check (see {@link #thin}). */
    static final int MAX_MEASUREMENTS = 400;

    // The state below is package-private so SnapshotContinuation can seed it from a snapshot taken before a restart.
    final SnapshotPlan plan;
    final Clock clock;
    private final Map<String, MetricCheck> checks;
    final List<StepProgress> track;
    final ReplicaLog replicas;
    final Map<String, List<CheckSeries.Point>> measurements = new LinkedHashMap<>();
    final List<RolloutSnapshot.Note> warnings = new ArrayList<>();
    final Deque<RolloutSnapshot.Event> events = new ArrayDeque<>();
    final TrafficLog traffic;
    final ApprovalLog approvals = new ApprovalLog();
    int eventsDropped;
    StepProgress running;
    boolean rollingBack;
    boolean heard;
    /** Set when this recorder continues a snapshot from before a controller restart. */
    boolean continued;
    Instant startedAt;
    Instant updatedAt;
    private Instant finishedAt;
    private RolloutState state = RolloutState.RUNNING;
    private String reason;
    RolloutSnapshot.Activity activity;

    public SnapshotRecorder(SnapshotPlan plan, Clock clock) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checks = plan.checks().stream().collect(Collectors.toMap(MetricCheck::name, Function.identity()));
        this.track = plan.track().stream().map(StepProgress::new).toList();
        this.traffic = new TrafficLog(plan.routing(), plan.toVersion(), previousVersion());
        this.replicas = new ReplicaLog(plan.toVersion(), previousVersion());
        this.startedAt = clock.instant();
        this.updatedAt = startedAt;
    }

    /** A recorder for a rolling update; {@code fromVersion} and {@code cluster} may be null. */
    public static SnapshotRecorder forRolling(RollingPlan plan, String fromVersion, String cluster, Clock clock) {
        return new SnapshotRecorder(RollingSnapshots.plan(plan, fromVersion, cluster), clock);
    }

    /**
     * A recorder for a blue/green release; pass the same gate's requests through the release (the recorder hears
     * them as events). {@code fromVersion} is the live slot's version, {@code cluster} may be null.
     */
    public static SnapshotRecorder forBlueGreen(BlueGreenPlan plan, String fromVersion, String cluster, Clock clock) {
        return new SnapshotRecorder(BlueGreenSnapshots.plan(plan, fromVersion, cluster), clock);
    }

    /** A recorder for a canary; {@code fromVersion} is the stable version, {@code cluster} may be null. */
    public static SnapshotRecorder forCanary(CanaryPlan plan, String fromVersion, String cluster, Clock clock) {
        return new SnapshotRecorder(CanarySnapshots.plan(plan, fromVersion, cluster), clock);
    }

    /**
     * A recorder that continues {@code earlier}, the last snapshot of this rollout before the controller restarted, so
     * the page keeps what happened before; see {@link SnapshotContinuation}. A null {@code earlier} gives a fresh
     * recorder, and so does one of another rollout (with a warning saying so).
     */
    public static SnapshotRecorder continuing(SnapshotPlan plan, Clock clock, RolloutSnapshot earlier) {
        return SnapshotContinuation.recorder(plan, clock, earlier);
    }

    @Override
    public synchronized void onEvent(RolloutEvent event) {
        touch(event.time());
        if (event instanceof RolloutEvent.PhaseChanged phase) {
            activity = new RolloutSnapshot.Activity(phase.phase(), phase.message(), phase.time());
            log(phase.time(), "phase", phase.message(), null);
            enter(phase);
        } else if (event instanceof RolloutEvent.Progress progress) {
            // A Progress event counts one Deployment; only a rolling update keeps both versions in one, so only its
            // counts split into versions. Canary and blue/green run two Deployments and report Replicas for both.
            if ("rolling".equals(plan.strategy())) {
                replicas.rolling(progress.time(), stepId(), progress.status(), rollingBack);
            }
        } else if (event instanceof RolloutEvent.Replicas counts) {
            replicas.deployments(counts.time(), stepId(), counts.deployments());
        } else if (event instanceof RolloutEvent.TrafficShifted shift) {
            traffic.shift(shift, startedAt);
        } else if (event instanceof RolloutEvent.ApprovalRequested request) {
            approvals.requested(request);
            state = RolloutState.AWAITING_APPROVAL;
            if (running != null) {
                running.state = TrackStep.State.HALTED;
            }
        } else if (event instanceof RolloutEvent.ApprovalDecided decided) {
            approvals.decided(decided);
            if (state == RolloutState.AWAITING_APPROVAL && !approvals.anyPending()) {
                state = RolloutState.RUNNING;
                if (running != null) {
                    running.state = TrackStep.State.RUNNING;
                }
            }
        } else if (event instanceof RolloutEvent.Decision decision) {
            log(decision.time(), "decision", decision.message(), decision.positive());
            if (running != null) {
                running.decisions.add(new TrackStep.Decision(decision.time(), decision.message(), decision.positive()));
            }
        } else if (event instanceof RolloutEvent.Warning warning) {
            log(warning.time(), "warning", warning.message(), null);
            warnings.add(new RolloutSnapshot.Note(warning.time(), warning.message()));
        }
    }

    /**
     * A metric measurement with its numbers, for the check charts. The engine reports measurements to rollout
     * listeners only as {@link RolloutEvent.Decision} sentences so far; whoever holds the structured measurement
     * (an analysis listener) passes it here.
     */
    @Override
    public synchronized void onMeasurement(Measurement measurement) {
        touch(measurement.time());
        MetricCheck check = checks.get(measurement.check());
        List<CheckSeries.Point> series = measurements.computeIfAbsent(measurement.check(), name -> new ArrayList<>());
        series.add(CheckSeries.Point.of(measurement, running == null ? null : running.plan.id(),
                check == null ? null : check.condition()));
        thin(series);
    }

    /**
     * Keeps a check's series within {@link #MAX_MEASUREMENTS}: a gate measuring every few seconds for hours would
     * otherwise grow the snapshot (each point carries its queries and explanation) without end. Every second passing
     * point of the older half goes, so the chart keeps its shape; failed, inconclusive and erroneous points — the
     * ones that explain a decision — and the newest half stay.
     */
    static void thin(List<CheckSeries.Point> series) {
        if (series.size() <= MAX_MEASUREMENTS) {
            return;
        }
        int olderHalf = series.size() / 2;
        boolean drop = false;
        for (int i = olderHalf - 1; i >= 0 && series.size() > MAX_MEASUREMENTS / 2; i--) {
            if ("pass".equals(series.get(i).verdict())) {
                if (drop) {
                    series.remove(i);
                }
                drop = !drop;
            }
        }
        // A series of nothing but failures (it would have ended the rollout long before) still must not grow forever.
        while (series.size() > MAX_MEASUREMENTS) {
            series.remove(0);
        }
    }

    /** The rollout ended: records its state and its sentence. */
    public void finish(RolloutOutcome outcome) {
        finish(RolloutState.of(outcome.result()), outcome.message());
    }

    /**
     * The rollout ended.
     *
     * @param end a finished state
     * @param sentence the reason, with the numbers that decided it
     */
    public synchronized void finish(RolloutState end, String sentence) {
        if (!end.isFinished()) {
            throw new IllegalArgumentException(end.json() + " is not an end state");
        }
        Instant now = clock.instant();
        touch(now);
        state = end;
        reason = Objects.requireNonNull(sentence, "sentence");
        finishedAt = now;
        approvals.cancelPending(now);
        if (running == null) {
            return;
        }
        switch (end) {
            case SUCCEEDED -> running.end(TrackStep.State.PASSED, passOutcome(running), now);
            case ROLLED_BACK -> running.end(rollingBack ? TrackStep.State.PASSED : TrackStep.State.FAILED,
                    rollingBack ? restoredOutcome() : sentence, now);
            case PAUSED -> running.end(TrackStep.State.HALTED, sentence, now);
            default -> running.end(TrackStep.State.FAILED, sentence, now);
        }
        running = null;
    }

    /** What the rollout looks like now; an immutable copy. */
    public synchronized RolloutSnapshot snapshot() {
        List<TrackStep> steps = track.stream().filter(s -> !s.plan.optional() || s.state != TrackStep.State.PENDING)
                .map(StepProgress::toStep).toList();
        List<CheckSeries> series = new ArrayList<>();
        for (MetricCheck check : plan.checks()) {
            series.add(series(check.name(), check));
        }
        measurements.keySet().stream().filter(name -> !checks.containsKey(name))
                .forEach(name -> series.add(series(name, null)));
        return new RolloutSnapshot(RolloutSnapshot.SCHEMA_VERSION, plan.strategy(), plan.target(), plan.fromVersion(),
                plan.toVersion(), state, startedAt, updatedAt, finishedAt, activity, reason, steps, replicas.samples(), series,
                warnings, traffic.toTraffic(), approvals.list(), List.of(), List.copyOf(events), eventsDropped);
    }

    private void enter(RolloutEvent.PhaseChanged phase) {
        StepProgress next = track.stream()
                .filter(s -> s.state == TrackStep.State.PENDING && s.plan.startsOn().contains(phase.phase()))
                .findFirst().orElse(null);
        if (next == null) {
            if (continued) {
                running = SnapshotContinuation.reopen(track, running, phase.phase());
            }
            return;
        }
        boolean rollback = next.plan.kind() == TrackStep.Kind.ROLLBACK;
        if (continued && !rollback) {
            SnapshotContinuation.passSkipped(track, running, next, phase.time());
        }
        if (running != null) {
            // A rollback starts because the step it interrupts failed; its message says why.
            running.end(rollback ? TrackStep.State.FAILED : TrackStep.State.PASSED,
                    rollback ? phase.message() : passOutcome(running), phase.time());
        }
        rollingBack |= rollback;
        running = next;
        next.state = TrackStep.State.RUNNING;
        next.startedAt = phase.time();
    }

    private String stepId() {
        return running == null ? null : running.plan.id();
    }

    private String previousVersion() {
        return plan.fromVersion() == null ? "previous" : plan.fromVersion();
    }

    private CheckSeries series(String name, MetricCheck check) {
        String condition = check == null ? null : check.condition().text();
        return new CheckSeries(name, condition, CheckSeries.Unit.of(condition), check != null && check.dryRun(),
                measurements.getOrDefault(name, List.of()));
    }

    private String restoredOutcome() {
        Integer share = traffic.lastPercent();
        if (share != null) {
            return "back on " + previousVersion() + ": " + (100 - share) + "% of requests";
        }
        return replicas.restored();
    }

    /** The step's last passing verdict; without checks, where its replicas stood. */
    private String passOutcome(StepProgress step) {
        for (int i = step.decisions.size() - 1; i >= 0; i--) {
            if (step.decisions.get(i).positive()) {
                return step.decisions.get(i).text();
            }
        }
        return replicas.during(step.plan.id());
    }

    private void touch(Instant time) {
        // The rollout started with its first event; the recorder may have been made a while before.
        if (!heard) {
            heard = true;
            startedAt = time;
            updatedAt = time;
        }
        if (time.isAfter(updatedAt)) {
            updatedAt = time;
        }
    }

    void log(Instant time, String kind, String text, Boolean positive) {
        events.addLast(new RolloutSnapshot.Event(time, kind, activity == null ? null : activity.phase(), text, positive));
        if (events.size() > RolloutSnapshot.MAX_EVENTS) {
            events.removeFirst();
            eventsDropped++;
        }
    }
}
