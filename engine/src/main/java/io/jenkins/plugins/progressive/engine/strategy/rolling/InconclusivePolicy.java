package io.jenkins.plugins.progressive.engine.strategy.rolling;

/** What a rollout does when its metric gates cannot tell whether the new version is good. */
public enum InconclusivePolicy {
    /** Treat it like a failed gate: undo (or pause, if automatic rollback is off). The default: unknown is not good. */
    ROLLBACK,
    /** Leave the Deployment paused where it is and end the step, so a human decides. */
    PAUSE
}
