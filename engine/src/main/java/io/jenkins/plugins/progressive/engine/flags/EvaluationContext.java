package io.jenkins.plugins.progressive.engine.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who is asking: the OpenFeature targeting key and the context attributes, as an application passes them to its
 * flagd provider. Attribute values are JSON values (strings, numbers, booleans, null, lists, maps); nested maps are
 * reached with dotted {@code var} paths such as {@code user.name}.
 *
 * @param targetingKey the user's key, or null; {@code fractional} buckets on it by default. Without it, a string
 *     attribute named {@code targetingKey} is taken, as the OpenFeature SDK does; with it, it wins over that attribute.
 * @param attributes the other context values, copied one level deep; {@code $flagd} is flagd's own and is replaced
 *     during evaluation
 */
public record EvaluationContext(String targetingKey, Map<String, Object> attributes) {

    public EvaluationContext {
        Objects.requireNonNull(attributes, "attributes");
        if (targetingKey == null && attributes.get(TargetingData.TARGETING_KEY) instanceof String key) {
            targetingKey = key;
        }
        // An unmodifiable copy that keeps null values (Map.copyOf would reject them; JSON null is a value here).
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A context with only a targeting key. */
    public static EvaluationContext of(String targetingKey) {
        return new EvaluationContext(targetingKey, Map.of());
    }

    /** This context plus one attribute. */
    public EvaluationContext with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(attributes);
        more.put(name, value);
        return new EvaluationContext(targetingKey, more);
    }
}
