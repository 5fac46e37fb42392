package io.jenkins.plugins.progressive.engine.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a JsonLogic rule written as JSON against context attributes written as JSON. */
final class RuleFixture {

    static final String FLAG_KEY = "flag";
    static final long TIMESTAMP = 1_700_000_000L;

    private RuleFixture() {
    }

    static Object evaluate(String rule, String attributes) {
        return evaluate(rule, attributes, "user-1");
    }

    @SuppressWarnings("unchecked")
    static Object evaluate(String rule, String attributes, String targetingKey) {
        Map<String, Object> data = (Map<String, Object>) json(attributes);
        TargetingData root = new TargetingData(new EvaluationContext(targetingKey, data), FLAG_KEY, TIMESTAMP);
        return RuleCompiler.compile(json(rule)).evaluate(Rule.Scope.of(root));
    }

    static Object json(String text) {
        try {
            return JsonValues.toJava(JsonValues.MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Numbers as long when integral, else double, so that 3.0 and 3 compare equal. */
    static Object canonical(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? (Object) (long) d : (Object) d;
        } else if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(canonical(element)));
            return copy;
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> copy.put(key, canonical(element)));
            return copy;
        }
        return value;
    }
}
