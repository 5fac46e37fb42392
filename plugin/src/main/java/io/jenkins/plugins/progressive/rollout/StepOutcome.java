package io.jenkins.plugins.progressive.rollout;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a rollout step ended, in the terms of the Pipeline: success or not, the sentence for the log and the failure,
 * and the values the step returns ({@code result}, {@code revision}, {@code live}, {@code weight}, …). Only strings,
 * numbers and booleans, so that the Pipeline can keep the returned map across a restart.
 */
public record StepOutcome(boolean success, String message, Map<String, Serializable> values) {
    public StepOutcome {
        Objects.requireNonNull(message, "message");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The map the step returns: a plain, serializable {@link LinkedHashMap} the script may read and change. */
    public LinkedHashMap<String, Serializable> returnValue() {
        LinkedHashMap<String, Serializable> value = new LinkedHashMap<>(values);
        value.put("message", message);
        return value;
    }
}
