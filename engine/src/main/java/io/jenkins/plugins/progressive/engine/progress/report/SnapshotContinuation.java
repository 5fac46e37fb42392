package io.jenkins.plugins.progressive.engine.progress.report;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Continues a recording across a controller restart. The Pipeline step re-attaches to its rollout (a rolling update
 * continues its batch, a blue/green release its watch, a canary the step it reached) with a new recorder; seeded from
 * the last snapshot the plugin kept, the page does not forget the traffic history, the measurements, the steps done
 * and the approvals decided before the restart.
 *
 * <p>The resumed strategy announces a {@code resume} phase and then re-enters the step it was in or the next one. The
 * recorder keeps the step that was running as running: re-entering it finds no pending step for the phase and changes
 * nothing (so it is never on the track twice), entering a later one passes it as usual, and steps in between, done
 * while no recorder listened, are passed with a sentence saying so ({@link #passSkipped}). Re-entering an earlier,
 * passed step (the engine's saved state lagged the page) runs that step again ({@link #reopen}).
 */
final class SnapshotContinuation {

    /** The event kind (and traffic marker) of the restart, next to {@code phase}, {@code decision}, {@code warning}. */
    static final String RESTART = "restart";

    private SnapshotContinuation() {
    }

    static SnapshotRecorder recorder(SnapshotPlan plan, Clock clock, RolloutSnapshot earlier) {
        if (earlier == null) {
            return new SnapshotRecorder(plan, clock);
        }
        String mismatch = mismatch(plan, earlier);
        if (mismatch != null) {
            SnapshotRecorder fresh = new SnapshotRecorder(plan, clock);
            fresh.warnings.add(new RolloutSnapshot.Note(clock.instant(), "the page's earlier snapshot was of another "
                    + "rollout (" + mismatch + "); this recording starts afresh"));
            return fresh;
        }
        // The version serving before the rollout: read again after a blue/green switch, the live slot is the new one.
        SnapshotRecorder recorder = new SnapshotRecorder(new SnapshotPlan(plan.strategy(), plan.target(),
                earlier.fromVersion() != null ? earlier.fromVersion() : plan.fromVersion(), plan.toVersion(),
                plan.track(), plan.checks(), plan.routing()), clock);
        synchronized (recorder) {
            seed(recorder, earlier, clock.instant());
        }
        return recorder;
    }

    /** Why {@code earlier} is not a snapshot of the rollout {@code plan} describes, or null when it is. */
    static String mismatch(SnapshotPlan plan, RolloutSnapshot earlier) {
        if (!plan.strategy().equals(earlier.strategy())) {
            return "strategy " + earlier.strategy() + ", now " + plan.strategy();
        }
        if (!plan.target().equals(earlier.target())) {
            return "target " + earlier.target().namespace() + "/" + earlier.target().name() + " "
                    + earlier.target().images() + ", now " + plan.target().namespace() + "/" + plan.target().name()
                    + " " + plan.target().images();
        }
        if (!plan.toVersion().equals(earlier.toVersion())) {
            return "version " + earlier.toVersion() + ", now " + plan.toVersion();
        }
        // The same stops in the same order: a snapshot shows optional stops (the rollback) only once reached.
        List<String> planned = plan.track().stream().filter(s -> !s.optional()).map(s -> s.id() + " " + s.label()).toList();
        List<String> optional = plan.track().stream().filter(PlannedStep::optional).map(PlannedStep::id).toList();
        List<String> recorded = earlier.steps().stream().filter(s -> !optional.contains(s.id()))
                .map(s -> s.id() + " " + s.label()).toList();
        return planned.equals(recorded) ? null : "steps " + recorded + ", now " + planned;
    }

    /**
     * Steps between the one that ran before the restart and the one the resumed strategy enters were done while no
     * recorder listened (the kept snapshot lags the engine a little): they passed, or the strategy would not be past them.
     */
    static void passSkipped(List<StepProgress> track, StepProgress running, StepProgress next, Instant at) {
        int from = running == null ? 0 : track.indexOf(running) + 1;
        for (int i = from; i < track.indexOf(next); i++) {
            StepProgress step = track.get(i);
            if (step.state == TrackStep.State.PENDING && !step.plan.optional()) {
                step.state = TrackStep.State.PASSED;
                step.startedAt = at;
                step.finishedAt = at;
                step.outcome = "done while the controller restarted";
            }
        }
    }

    /**
     * The resumed strategy re-entered a step the earlier snapshot had passed: its saved state lags the page (a rolling
     * update writes a batch's state after announcing the batch, so one killed in between redoes the batch before). The
     * track follows the engine: that step runs again (keeping its start and decisions), the ones after it that had
     * started go back to pending. Returns the step now running.
     */
    static StepProgress reopen(List<StepProgress> track, StepProgress running, String phase) {
        int upTo = running == null ? -1 : track.indexOf(running);
        for (int i = 0; i < upTo; i++) {
            StepProgress step = track.get(i);
            if (step.state == TrackStep.State.PASSED && !step.plan.optional() && step.plan.startsOn().contains(phase)) {
                step.state = TrackStep.State.RUNNING;
                step.finishedAt = null;
                step.outcome = null;
                for (int j = i + 1; j <= upTo; j++) {
                    StepProgress later = track.get(j);
                    later.state = TrackStep.State.PENDING;
                    later.startedAt = null;
                    later.finishedAt = null;
                    later.outcome = null;
                }
                return step;
            }
        }
        return running;
    }

    private static void seed(SnapshotRecorder r, RolloutSnapshot earlier, Instant now) {
        Map<String, TrackStep> steps = earlier.steps().stream()
                .collect(Collectors.toMap(TrackStep::id, Function.identity(), (a, b) -> b));
        for (StepProgress step : r.track) {
            TrackStep was = steps.get(step.plan.id());
            if (was == null) {
                continue;
            }
            step.startedAt = was.startedAt();
            step.finishedAt = was.finishedAt();
            step.outcome = was.outcome();
            step.decisions.addAll(was.decisions());
            // Halted for an approval the old engine asked: the new one asks again, and halts it again then.
            step.state = was.state() == TrackStep.State.HALTED && !earlier.state().isFinished()
                    ? TrackStep.State.RUNNING : was.state();
            if (step.state == TrackStep.State.RUNNING) {
                r.running = step;
            }
            r.rollingBack |= step.plan.kind() == TrackStep.Kind.ROLLBACK && step.state != TrackStep.State.PENDING;
        }
        for (CheckSeries series : earlier.checks()) {
            if (!series.measurements().isEmpty()) {
                r.measurements.put(series.name(), new ArrayList<>(series.measurements()));
            }
        }
        r.replicas.seed(earlier.replicas());
        r.traffic.seed(earlier.traffic().samples());
        r.traffic.restart(now);
        r.approvals.seed(earlier.approvals(), now);
        r.warnings.addAll(earlier.warnings());
        // The newest events within the log's bound; what falls off is counted, as the recorder does.
        List<RolloutSnapshot.Event> kept = earlier.events();
        int over = Math.max(0, kept.size() - (RolloutSnapshot.MAX_EVENTS - 1));
        r.events.addAll(kept.subList(over, kept.size()));
        r.eventsDropped = earlier.eventsDropped() + over;
        r.startedAt = earlier.startedAt();
        Instant last = Objects.requireNonNullElse(earlier.updatedAt(), earlier.startedAt());
        r.updatedAt = last.isAfter(now) ? last : now;
        r.heard = true;
        r.continued = true;
        r.activity = earlier.activity();
        // Both in the log, where it falls in time, and among the warnings, which a reader sees first: what happened
        // between the kept snapshot and the re-attach is not on the page.
        String note = "controller restarted; re-attached at " + now.truncatedTo(ChronoUnit.SECONDS)
                + " (the page continues its snapshot of " + last.truncatedTo(ChronoUnit.SECONDS) + ")";
        r.log(now, RESTART, note, null);
        r.warnings.add(new RolloutSnapshot.Note(now, note));
    }
}
