package io.jenkins.plugins.progressive.engine.progress.report;

import com.fasterxml.jackson.annotation.JsonValue;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;

/**
 * Where a rollout stands, as the progress page and the report name it. The JSON names are part of schema version 1.
 */
public enum RolloutState {
    /** Moving or checking. */
    RUNNING("running", false),
    /** Stopped at an approval gate until a release manager decides. */
    AWAITING_APPROVAL("awaiting-approval", false),
    /** The new version serves everywhere and passed every check (a canary or blue/green is then "promoted"). */
    SUCCEEDED("succeeded", true),
    /** A check failed and the previous version serves everything again. */
    ROLLED_BACK("rolled-back", true),
    /** Stopped where it stood for a human (automatic rollback off, or inconclusive gates set to pause). */
    PAUSED("paused", true),
    /** Something failed and could not be repaired automatically; a person has to look. */
    FAILED("failed", true),
    /** Refused before anything was changed. */
    REFUSED("refused", true);

    private final String json;
    private final boolean finished;

    RolloutState(String json, boolean finished) {
        this.json = json;
        this.finished = finished;
    }

    /** The name in the JSON snapshot, e.g. {@code rolled-back}. */
    @JsonValue
    public String json() {
        return json;
    }

    /** The finished state a rollout's outcome shows as, whatever the strategy. */
    public static RolloutState of(RolloutOutcome.Result result) {
        return switch (result) {
            case PROMOTED, SUCCEEDED -> SUCCEEDED;
            case REFUSED -> REFUSED;
            // Stopped before the switch, switched back or rolled back: either way the old version serves everything.
            case ROLLED_BACK, NOT_PROMOTED, SWITCHED_BACK -> ROLLED_BACK;
            case PAUSED -> PAUSED;
            // The new version serves, but the contract Job failed: a person must fix it forward.
            case POST_HOOK_FAILED, FAILED -> FAILED;
        };
    }

    /** Whether the rollout will not move any more on its own (a live page stops polling then). */
    public boolean isFinished() {
        return finished;
    }
}
