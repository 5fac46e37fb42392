package io.jenkins.plugins.progressive.engine.strategy.rolling;

import java.util.Objects;

/**
 * How a rolling update ended.
 *
 * @param result the kind of ending
 * @param message one sentence a person can act on, with the numbers that decided it
 * @param revision the Deployment revision running at the end (the new one, or the restored one)
 */
public record RollingOutcome(Result result, String message, long revision) {

    public RollingOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
    }

    public boolean isSuccess() {
        return result == Result.SUCCEEDED;
    }

    /** The kinds of ending. */
    public enum Result {
        /** The new version runs everywhere and passed every check. */
        SUCCEEDED,
        /** Refused before any write: bad input, a preflight error, another rollout holding the lock, a failed pre-hook. */
        REFUSED,
        /** A check failed; the previous revision was restored and is fully available again. */
        ROLLED_BACK,
        /** A check failed (or could not tell) and the Deployment was left paused for a human. */
        PAUSED,
        /** The new version runs everywhere, but the post-rollout hook failed; nothing was undone. */
        POST_HOOK_FAILED,
        /** Something failed and could not be repaired automatically (e.g. the rollback itself failed). */
        FAILED
    }
}
