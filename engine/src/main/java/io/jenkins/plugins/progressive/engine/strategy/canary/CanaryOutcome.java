package io.jenkins.plugins.progressive.engine.strategy.canary;

import java.time.Duration;
import java.util.Objects;

/**
 * How a canary ended.
 *
 * @param result the kind of ending
 * @param message one sentence with the numbers that decided it
 * @param weight the new version's traffic share at the end: 100 after promotion (stable runs it), the canary's
 *     weight when it ended otherwise (0 after a rollback)
 * @param rollbackTook for a rollback caused by a gate: from the failing measurement to the traffic write; else null
 */
public record CanaryOutcome(Result result, String message, int weight, Duration rollbackTook) {

    public CanaryOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
    }

    public enum Result {
        /** Every step passed; stable runs the new version and takes all traffic. */
        PROMOTED,
        /** Refused before any write (bad input, missing router object, lock held). */
        REFUSED,
        /** A gate, an approval or an abort stopped it: all traffic back on stable, canary scaled down. */
        ROLLED_BACK,
        /** Something failed that could not be repaired automatically. */
        FAILED
    }
}
