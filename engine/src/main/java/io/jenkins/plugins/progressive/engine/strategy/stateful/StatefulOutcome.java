package io.jenkins.plugins.progressive.engine.strategy.stateful;

import java.util.Objects;

/**
 * How a StatefulSet rollout ended.
 *
 * @param result the closed set of endings
 * @param message what happened, with the numbers, for the log and the page
 * @param revision the StatefulSet's update revision at the end (e.g. {@code web-6d4cf56db6}), or null
 */
public record StatefulOutcome(Result result, String message, String revision) {

    /** The endings. */
    public enum Result {
        /** Every pod runs the new version and every batch passed its checks. */
        SUCCEEDED,
        /** Refused before any write: not found, OnDelete, another update in progress, a lock held, bad containers. */
        REFUSED,
        /** A check failed: the old template is back and every pod runs it, ready. */
        ROLLED_BACK,
        /** A check failed and automatic rollback is off: the partition was left where it stood, for a person. */
        PAUSED,
        /** Something failed that could not be repaired automatically (e.g. the undo itself did not finish). */
        FAILED
    }

    public StatefulOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
    }

    public boolean isSuccess() {
        return result == Result.SUCCEEDED;
    }
}
