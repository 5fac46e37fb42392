package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict;
import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Feeds a {@link SnapshotRecorder} the events a strategy emits, in the engine's own words, on a clock the test
 * moves: fixture rollouts whose every number is known.
 */
final class ScriptedRollout {

    static final Instant START = Instant.parse("2026-05-04T09:30:00Z");

    private final MovableClock clock = new MovableClock();
    final SnapshotRecorder recorder;
    private String step = "";

    ScriptedRollout(RollingPlan plan, String fromVersion) {
        recorder = SnapshotRecorder.forRolling(plan, fromVersion, "prod-eu-west", clock);
    }

    /** A script for any strategy: {@code recorder} makes the recorder on the script's clock. */
    ScriptedRollout(Function<Clock, SnapshotRecorder> recorder) {
        this(recorder, START);
    }

    /** The same, starting at {@code start} (a live page measures elapsed times against the real clock). */
    ScriptedRollout(Function<Clock, SnapshotRecorder> recorder, Instant start) {
        clock.now = start;
        this.recorder = recorder.apply(clock);
    }

    ScriptedRollout after(int seconds) {
        clock.now = clock.now.plusSeconds(seconds);
        return this;
    }

    ScriptedRollout phase(String phase, String message) {
        if (phase.startsWith("batch ") || phase.startsWith("step ")) {
            step = phase;
        }
        recorder.onEvent(new RolloutEvent.PhaseChanged(clock.now, phase, message));
        return this;
    }

    ScriptedRollout progress(int desired, int updated, int ready, int available, int total, int batch, int batches,
            int target) {
        RolloutPhase phase = updated == desired && total == desired && available == desired ? RolloutPhase.COMPLETE
                : RolloutPhase.WAITING;
        RolloutStatus status = new RolloutStatus(phase, phase == RolloutPhase.COMPLETE
                ? "deployment \"checkout\" successfully rolled out"
                : "Waiting for deployment \"checkout\" rollout to finish: " + updated + " out of " + desired
                        + " new replicas have been updated...", desired, updated, ready, available, total);
        recorder.onEvent(new RolloutEvent.Progress(clock.now, status, batch, batches, target, status.message()));
        return this;
    }

    /** Replica counts of a canary's or blue/green release's Deployments, as their replica watch reports them. */
    ScriptedRollout replicas(VersionReplicas... deployments) {
        recorder.onEvent(new RolloutEvent.Replicas(clock.now, List.of(deployments), "replicas"));
        return this;
    }

    /** One Deployment's counts: desired, updated, ready, available, total (its pods all on {@code version}'s template). */
    static VersionReplicas pods(String role, String deployment, String version, int desired, int updated, int ready,
            int available, int total) {
        return new VersionReplicas(role, deployment, version, null, desired, updated, ready, available, total);
    }

    /** A measurement as the analysis reports it: structured to the recorder, and as the sentence the engine logs. */
    ScriptedRollout measure(String check, MeasurementVerdict verdict, List<Double> values, String query, String why) {
        Measurement m = new Measurement(check, verdict, values, List.of(), query, null, clock.now, why, false, false);
        recorder.onMeasurement(m);
        return decision(step + ": gate " + check + ": " + verdict + " — " + why, verdict == MeasurementVerdict.PASS);
    }

    /** Names the stop the following measurements' sentences start with, e.g. {@code watch}. */
    ScriptedRollout at(String stepName) {
        step = stepName;
        return this;
    }

    ScriptedRollout traffic(int percent, RolloutEvent.TrafficShifted.Shift shift, String message) {
        recorder.onEvent(new RolloutEvent.TrafficShifted(clock.now, percent, shift, message));
        return this;
    }

    /** As the strategies ask: the phase, then the request. */
    ScriptedRollout askApproval(ApprovalRequest request) {
        phase("awaiting approval", request.title());
        recorder.onEvent(new RolloutEvent.ApprovalRequested(clock.now, request, "waiting for approval: " + request.title()));
        return this;
    }

    ScriptedRollout decideApproval(ApprovalRequest request, boolean approve, String by, String comment) {
        Approval approval = new Approval(approve, by, comment, clock.now, false);
        recorder.onEvent(new RolloutEvent.ApprovalDecided(clock.now, request.id(), approval, "approval " + approval.describe()));
        return decision("approval " + approval.describe(), approve);
    }

    /** Ends as every strategy's journal does: the final phase event (the result's name), then the outcome. */
    RolloutSnapshot end(String result, RolloutState state, String message) {
        phase(result, message);
        recorder.finish(state, message);
        return recorder.snapshot();
    }

    ScriptedRollout decision(String text, boolean positive) {
        recorder.onEvent(new RolloutEvent.Decision(clock.now, text, positive));
        return this;
    }

    ScriptedRollout warn(String text) {
        recorder.onEvent(new RolloutEvent.Warning(clock.now, text));
        return this;
    }

    /** Ends as RollingUpdate does: the final phase event, then the outcome. */
    RolloutSnapshot finish(RolloutOutcome.Result result, String message) {
        phase(result.name().toLowerCase(Locale.ROOT).replace('_', ' '), message);
        recorder.finish(RolloutOutcome.rolling(result, message, 8));
        return recorder.snapshot();
    }

    Duration elapsed() {
        return Duration.between(START, clock.now);
    }

    /** A clock the script moves; the recorder reads it for the finish time. */
    static final class MovableClock extends Clock {
        private volatile Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
