package io.jenkins.plugins.progressive.engine.flags;

import java.util.Objects;

/**
 * One thing wrong with a flag set, e.g. {@code flag 'checkout', defaultVariant: 'blue' is not one of its variants
 * (on, off)}.
 *
 * @param flagKey the flag it concerns, or null for the set itself ({@code $evaluators}, {@code metadata})
 * @param field where: a field of the flag ({@code defaultVariant}, {@code variants.on}, {@code targeting}), or of the
 *     set ({@code $evaluators.beta}, {@code metadata.owner})
 * @param message what is wrong, and where it helps, what is allowed
 */
public record FlagProblem(String flagKey, String field, String message) {

    public FlagProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** A problem of the set rather than of one flag. */
    static FlagProblem ofSet(String field, String message) {
        return new FlagProblem(null, field, message);
    }

    @Override
    public String toString() {
        return (flagKey == null ? "" : "flag '" + flagKey + "', ") + field + ": " + message;
    }
}
