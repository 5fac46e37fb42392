package io.jenkins.plugins.progressive.engine.flags;

/** What went wrong in an evaluation with reason {@link EvaluationReason#ERROR}, as OpenFeature error codes. */
public enum EvaluationError {
    /** The flag set has no such flag. */
    FLAG_NOT_FOUND,
    /** The targeting rule could not be evaluated (flagd: PARSE_ERROR). */
    PARSE_ERROR,
    /** The targeting rule chose a variant the flag does not have (flagd: GENERAL). */
    GENERAL
}
