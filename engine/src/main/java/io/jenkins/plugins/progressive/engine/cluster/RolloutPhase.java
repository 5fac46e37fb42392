package io.jenkins.plugins.progressive.engine.cluster;

/** Where a workload's rollout stands, as {@code kubectl rollout status} would conclude. */
public enum RolloutPhase {
    /** Still moving (or the controller has not seen the latest spec yet). */
    WAITING,
    /** Every replica runs the latest template and is available; nothing old is left. */
    COMPLETE,
    /** The controller gave up: the progress deadline was exceeded. */
    FAILED
}
