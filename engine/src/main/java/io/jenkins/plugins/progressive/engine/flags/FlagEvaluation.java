package io.jenkins.plugins.progressive.engine.flags;

import java.util.Map;
import java.util.Objects;

/**
 * What flagd answers for one flag and one context.
 *
 * @param flagKey the flag
 * @param variant the variant served, or null when the application's code default applies (DISABLED, ERROR, or
 *     DEFAULT without a default variant)
 * @param value the variant's value, or null with the variant
 * @param reason why
 * @param error with reason ERROR, what went wrong; otherwise null
 * @param errorMessage with reason ERROR, the details; otherwise null
 * @param metadata flag-set metadata overlaid by the flag's, as flagd returns with every evaluation
 */
public record FlagEvaluation(String flagKey, String variant, Object value, EvaluationReason reason,
        EvaluationError error, String errorMessage, Map<String, Object> metadata) {

    public FlagEvaluation {
        Objects.requireNonNull(flagKey, "flagKey");
        Objects.requireNonNull(reason, "reason");
        metadata = metadata == null ? Map.of() : metadata;
    }

    static FlagEvaluation served(String flagKey, String variant, Object value, EvaluationReason reason,
            Map<String, Object> metadata) {
        return new FlagEvaluation(flagKey, variant, value, reason, null, null, metadata);
    }

    static FlagEvaluation codeDefault(String flagKey, EvaluationReason reason, Map<String, Object> metadata) {
        return new FlagEvaluation(flagKey, null, null, reason, null, null, metadata);
    }

    static FlagEvaluation failed(String flagKey, EvaluationError error, String message, Map<String, Object> metadata) {
        return new FlagEvaluation(flagKey, null, null, EvaluationReason.ERROR, error, message, metadata);
    }

    /** Whether the application falls back to the default value in its code. */
    public boolean usesCodeDefault() {
        return variant == null;
    }
}
