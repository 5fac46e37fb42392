package io.jenkins.plugins.progressive.engine.progress.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A stop's progress while the rollout runs; not thread-safe, the {@link SnapshotRecorder} guards it. */
final class StepProgress {

    final PlannedStep plan;
    final List<TrackStep.Decision> decisions = new ArrayList<>();
    TrackStep.State state = TrackStep.State.PENDING;
    Instant startedAt;
    Instant finishedAt;
    String outcome;

    StepProgress(PlannedStep plan) {
        this.plan = plan;
    }

    void end(TrackStep.State end, String sentence, Instant at) {
        state = end;
        outcome = sentence;
        finishedAt = at;
    }

    TrackStep toStep() {
        return new TrackStep(plan.id(), plan.kind(), plan.label(), plan.percent(), plan.weight(), state, startedAt,
                finishedAt, outcome, decisions, plan.detail());
    }
}
