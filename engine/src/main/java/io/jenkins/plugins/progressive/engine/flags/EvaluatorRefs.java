package io.jenkins.plugins.progressive.engine.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code {"$ref": "name"}} → the rule {@code $evaluators.name}. flagd substitutes the text of the exact object
 * {@code {"$ref":"name"}} in the normalised JSON (Go {@code transposeEvaluators}); replacing that object in the tree
 * is the same. The substituted rule is not searched again: flagd does not resolve a {@code $ref} inside an evaluator.
 */
final class EvaluatorRefs {

    static final String REF = "$ref";

    private EvaluatorRefs() {
    }

    /** The name if this value is a reference object, else null. */
    static String referenceName(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get(REF) instanceof String name) {
            return name;
        }
        return null;
    }

    /**
     * The rule with every reference replaced.
     *
     * @param undefined told each name that has no evaluator; that reference stays, and fails evaluation as an
     *     unknown operator, as in flagd
     */
    static Object resolve(Object rule, Map<String, Object> evaluators, Consumer<String> undefined) {
        String name = referenceName(rule);
        if (name != null) {
            if (evaluators.containsKey(name)) {
                return evaluators.get(name);
            }
            undefined.accept(name);
            return rule;
        }
        if (rule instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, value) -> resolved.put((String) key, resolve(value, evaluators, undefined)));
            return Collections.unmodifiableMap(resolved);
        }
        if (rule instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(value -> resolved.add(resolve(value, evaluators, undefined)));
            return Collections.unmodifiableList(resolved);
        }
        return rule;
    }

    /** Whether a rule contains a reference anywhere. */
    static boolean containsReference(Object rule) {
        boolean[] found = {false};
        resolve(rule, Map.of(), name -> found[0] = true);
        return found[0];
    }
}
