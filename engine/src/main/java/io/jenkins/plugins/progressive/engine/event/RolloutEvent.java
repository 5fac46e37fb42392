package io.jenkins.plugins.progressive.engine.event;

import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something a person following a rollout should see, in the build log and on the progress page. Every event has a
 * one-line message with the numbers behind it.
 */
public sealed interface RolloutEvent {

    Instant time();

    String message();

    /** The rollout entered a phase (preflight, rolling batch 2 of 3, verifying, rolling back, ...). */
    record PhaseChanged(Instant time, String phase, String message) implements RolloutEvent {
        public PhaseChanged {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Replica counts moved: updated/ready/available of desired, in batch {@code batch} of {@code batches}. */
    record Progress(Instant time, RolloutStatus status, int batch, int batches, int batchTarget, String message)
            implements RolloutEvent {
        public Progress {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The replica counts of a rollout that keeps its versions in separate Deployments (canary and stable, blue and
     * green) changed: every Deployment's counts at that moment, so the page can draw each version's bars. A rolling
     * update keeps both versions in one Deployment and reports {@link Progress} instead.
     */
    record Replicas(Instant time, List<VersionReplicas> deployments, String message) implements RolloutEvent {
        public Replicas {
            deployments = List.copyOf(deployments);
            Objects.requireNonNull(message, "message");
        }
    }

    /** A check or gate decided something: a health check, a metric measurement, the analysis verdict, a rollback. */
    record Decision(Instant time, String message, boolean positive) implements RolloutEvent {
        public Decision {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Something worth attention that does not stop the rollout (a preflight warning, a lost lease renewal). */
    record Warning(Instant time, String message) implements RolloutEvent {
        public Warning {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Requests moved between the versions: the new version now gets {@code percent} of them. Structured (not only a
     * sentence) so the progress page can draw traffic over time without parsing log lines.
     *
     * @param percent the new version's share, 0..100
     * @param shift why: a planned step, the promotion, or a rollback (a blue/green switch back is a rollback)
     */
    record TrafficShifted(Instant time, int percent, Shift shift, String message) implements RolloutEvent {
        public TrafficShifted {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be 0..100, was " + percent);
            }
            Objects.requireNonNull(shift, "shift");
            Objects.requireNonNull(message, "message");
        }

        /** Why traffic moved. */
        public enum Shift {
            /** A step of the plan (a canary weight). */
            STEP,
            /** The new version took all traffic for good (canary promoted, blue/green switched). */
            PROMOTION,
            /** All traffic went back to the previous version. */
            ROLLBACK
        }
    }

    /** The rollout stopped for a person's decision; the request says what is decided and who may decide. */
    record ApprovalRequested(Instant time, ApprovalRequest request, String message) implements RolloutEvent {
        public ApprovalRequested {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A pending approval was decided (by a person, by its timeout, or by policy). */
    record ApprovalDecided(Instant time, String requestId, Approval approval, String message) implements RolloutEvent {
        public ApprovalDecided {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(approval, "approval");
            Objects.requireNonNull(message, "message");
        }
    }
}
