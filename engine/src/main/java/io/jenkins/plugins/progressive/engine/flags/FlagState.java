package io.jenkins.plugins.progressive.engine.flags;

/** A flag's {@code state}. */
public enum FlagState {
    /** Evaluated: targeting, then the default variant. */
    ENABLED,
    /** Not evaluated: every application gets its code default (reason DISABLED). The kill switch. */
    DISABLED
}
