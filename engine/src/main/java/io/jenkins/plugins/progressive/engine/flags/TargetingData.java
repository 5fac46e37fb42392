package io.jenkins.plugins.progressive.engine.flags;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data object a targeting rule reads with {@code var}: the caller's attributes plus what flagd injects,
 * {@code targetingKey} and {@code $flagd.flagKey} / {@code $flagd.timestamp}. The injected keys win over attributes
 * of the same name, as in both flagd evaluators. A view rather than a merged copy, so an evaluation allocates
 * nothing for the data.
 */
final class TargetingData {

    static final String TARGETING_KEY = "targetingKey";
    static final String FLAGD = "$flagd";

    private final Map<String, Object> attributes;
    private final String targetingKey;
    private final String flagKey;
    private final Map<String, Object> flagd;

    TargetingData(EvaluationContext context, String flagKey, long timestampSeconds) {
        this.attributes = context.attributes();
        this.targetingKey = context.targetingKey();
        this.flagKey = flagKey;
        this.flagd = Map.of("flagKey", flagKey, "timestamp", timestampSeconds);
    }

    Object get(String key) {
        if (TARGETING_KEY.equals(key)) {
            return targetingKey;
        } else if (FLAGD.equals(key)) {
            return flagd;
        }
        return attributes.get(key);
    }

    String targetingKey() {
        return targetingKey;
    }

    String flagKey() {
        return flagKey;
    }

    /** The whole data object, for {@code {"var": ""}}; rare, so built on demand. */
    Map<String, Object> asMap() {
        Map<String, Object> all = new LinkedHashMap<>(attributes);
        all.put(TARGETING_KEY, targetingKey);
        all.put(FLAGD, flagd);
        return all;
    }
}
