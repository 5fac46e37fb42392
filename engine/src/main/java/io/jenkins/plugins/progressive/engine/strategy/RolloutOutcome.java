package io.jenkins.plugins.progressive.engine.strategy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rollout ended, whatever its strategy: the kind of ending, one sentence with the numbers that decided it, and
 * what runs at the end in the strategy's own terms (a revision, a canary weight, a live slot).
 *
 * @param result the kind of ending
 * @param message one sentence a person can act on, with the numbers that decided it
 * @param weight the new version's share of traffic at the end (0..100): 100 once it runs everywhere; a canary that
 *     ended otherwise says the weight it had (0 after a rollback)
 * @param revision what the workload runs at the end: the Deployment revision number of a rolling update (the new one,
 *     or the one restored), a StatefulSet's update revision (e.g. {@code web-6d4cf56db6}); null for the others
 * @param live the blue/green slot serving at the end ({@code blue} or {@code green}); null for the others
 * @param reaction for an undo a gate caused: from the failing measurement to the write that took traffic away from the
 *     new version (a canary's rollback, a blue/green switch back); else null
 */
public record RolloutOutcome(Result result, String message, int weight, String revision, String live, Duration reaction) {

    public RolloutOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0..100, was " + weight);
        }
    }

    /** The kinds of ending, across strategies (each strategy ends in some of them). */
    public enum Result {
        /** A canary or blue/green release: the new version is live and passed every step. */
        PROMOTED,
        /** A rolling or StatefulSet update: the new version runs everywhere and passed every check. */
        SUCCEEDED,
        /** Refused before any write: bad input, a preflight error, another rollout holding the lock, a failed pre-hook. */
        REFUSED,
        /** Stopped after its first write (a gate, an approval, an abort): the previous version serves everything again. */
        ROLLED_BACK,
        /** A check failed (or could not tell) with automatic rollback off: left where it stood, for a person. */
        PAUSED,
        /** Blue/green stopped before the switch: live traffic never reached the new slot, which was scaled down. */
        NOT_PROMOTED,
        /** Blue/green switched, failed its watch (or was aborted) and was switched back. */
        SWITCHED_BACK,
        /** The new version runs everywhere, but the post-rollout hook failed; nothing was undone. */
        POST_HOOK_FAILED,
        /** Something failed that could not be repaired automatically (e.g. the undo itself failed). */
        FAILED
    }

    /** A canary's ending, at {@code weight}, with the rollback's reaction time when a gate caused it. */
    public static RolloutOutcome canary(Result result, String message, int weight, Duration reaction) {
        return new RolloutOutcome(result, message, weight, null, null, reaction);
    }

    /** A rolling update's ending, with the Deployment revision that runs at the end (0 when none is known). */
    public static RolloutOutcome rolling(Result result, String message, long revision) {
        return new RolloutOutcome(result, message, fullyNew(result), Long.toString(revision), null, null);
    }

    /** A StatefulSet update's ending, with its update revision at the end (null when none is known). */
    public static RolloutOutcome stateful(Result result, String message, String revision) {
        return new RolloutOutcome(result, message, fullyNew(result), revision, null, null);
    }

    /** A blue/green release's ending: the slot live at the end (null when none) and the switch back's reaction time. */
    public static RolloutOutcome blueGreen(Result result, String message, String live, Duration reaction) {
        return new RolloutOutcome(result, message, fullyNew(result), null, live, reaction);
    }

    /** Whether the new version runs everywhere and passed: promoted or succeeded. */
    public boolean isSuccess() {
        return result == Result.PROMOTED || result == Result.SUCCEEDED;
    }

    /** A rolling update's revision as a number (0 when none is known), as {@code kubectl rollout history} shows it. */
    public long revisionNumber() {
        try {
            return revision == null ? 0 : Long.parseLong(revision);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int fullyNew(Result result) {
        return result == Result.PROMOTED || result == Result.SUCCEEDED || result == Result.POST_HOOK_FAILED ? 100 : 0;
    }
}
