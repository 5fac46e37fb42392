package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import java.time.Duration;
import java.util.Objects;

/**
 * How a blue/green release ended.
 *
 * @param result the kind of ending
 * @param message one sentence with the numbers that decided it
 * @param live the slot serving at the end
 * @param switchBack for {@link Result#SWITCHED_BACK}: from the failing measurement to the selector write; else null
 */
public record BlueGreenOutcome(Result result, String message, Slot live, Duration switchBack) {

    public BlueGreenOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
    }

    public enum Result {
        /** The new version is live and passed the watch window. */
        PROMOTED,
        /** Refused before any write (bad input, inconsistent slots, lock held, failed pre-hook). */
        REFUSED,
        /** Stopped before the switch (not available, failed checks, rejected, aborted): live was never touched. */
        NOT_PROMOTED,
        /** Switched, failed the watch (or was aborted), and was switched back. */
        SWITCHED_BACK,
        /** Promoted, but the post-promotion hook failed; nothing was undone. */
        POST_HOOK_FAILED,
        /** Something failed that could not be repaired automatically. */
        FAILED
    }
}
