package io.jenkins.plugins.progressive.engine.flags;

/** Why a flag evaluated as it did: the OpenFeature reasons current flagd reports. */
public enum EvaluationReason {
    /** No targeting: the default variant. */
    STATIC,
    /** Targeting chose a variant. */
    TARGETING_MATCH,
    /**
     * Targeting gave null (no rule matched): the default variant; or the flag has no default variant, and the
     * application's code default applies.
     */
    DEFAULT,
    /** The flag is {@code DISABLED}: the application's code default applies (flagd ≥ 0.16.0). */
    DISABLED,
    /** The rule failed or chose a variant the flag does not have: the code default applies. */
    ERROR
}
