package io.jenkins.plugins.progressive.engine.progress;

import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import java.time.Instant;
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
}
