package io.jenkins.plugins.progressive.engine.strategy;

import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.cluster.WorkloadLease;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What every strategy tells its listener and metrics, in one place: phases, decisions, and the end of a rollout
 * (lock released, {@code rollouts_total}/{@code rollout_duration_seconds} recorded, the outcome announced).
 */
public final class RolloutJournal {

    private final RolloutContext context;
    private final String strategy;
    private final Instant started;

    public RolloutJournal(RolloutContext context, String strategy) {
        this.context = context;
        this.strategy = strategy;
        this.started = context.clock().instant();
    }

    public void phase(String phase, String message) {
        context.listener().onEvent(new RolloutEvent.PhaseChanged(context.clock().instant(), phase, message));
    }

    public void decision(String message, boolean positive) {
        context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(), message, positive));
    }

    /** Traffic moved; the progress page draws it over time. */
    public void traffic(int percent, RolloutEvent.TrafficShifted.Shift shift, String message) {
        context.listener().onEvent(new RolloutEvent.TrafficShifted(context.clock().instant(), percent, shift, message));
    }

    /** The rollout waits for a person: what is asked, and who may answer (the page shows it with its buttons). */
    public void approvalRequested(ApprovalRequest request) {
        context.listener().onEvent(new RolloutEvent.ApprovalRequested(context.clock().instant(), request,
                "waiting for approval: " + request.title()));
    }

    public void approvalDecided(ApprovalRequest request, Approval approval) {
        context.listener().onEvent(new RolloutEvent.ApprovalDecided(context.clock().instant(), request.id(), approval,
                "approval " + approval.describe()));
    }

    /** Ends the rollout: releases the lock (if taken), records the metrics and announces the result. */
    public void finished(Enum<?> result, String message, WorkloadLease lease) {
        if (lease != null) {
            lease.release();
        }
        String name = result.name().toLowerCase(Locale.ROOT);
        context.metrics().rolloutFinished(strategy, name, Duration.between(started, context.clock().instant()));
        phase(name.replace('_', ' '), message);
    }
}
