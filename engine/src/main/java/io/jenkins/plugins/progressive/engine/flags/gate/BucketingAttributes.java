package io.jenkins.plugins.progressive.engine.flags.gate;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The context attributes a flag's {@code fractional} splits bucket by (its first argument, when that is an expression
 * such as {@code {"cat": [{"var": "$flagd.flagKey"}, {"var": "email"}]}}). Synthetic users need them, or every one of
 * them would hash the same missing value into one bucket and a 25% split would read as 0% or 100%.
 */
final class BucketingAttributes {

    private BucketingAttributes() {
    }

    static Set<String> of(FlagSet set, Object targeting) {
        Set<String> found = new LinkedHashSet<>();
        walk(set, targeting, found, new LinkedHashSet<>());
        return found;
    }

    private static void walk(FlagSet set, Object rule, Set<String> found, Set<String> seenRefs) {
        if (rule instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$ref") instanceof String name && seenRefs.add(name)) {
                walk(set, set.evaluators().get(name), found, seenRefs);
                return;
            }
            if (map.get("fractional") instanceof List<?> args && !args.isEmpty() && !(args.get(0) instanceof List)) {
                vars(args.get(0), found);
            }
            map.values().forEach(value -> walk(set, value, found, seenRefs));
        } else if (rule instanceof List<?> list) {
            list.forEach(value -> walk(set, value, found, seenRefs));
        }
    }

    /** Every {@code var} in the bucketing expression but flagd's own values and the targeting key. */
    private static void vars(Object expression, Set<String> found) {
        if (expression instanceof Map<?, ?> map) {
            Object var = map.get("var");
            Object name = var instanceof List<?> list && !list.isEmpty() ? list.get(0) : var;
            if (name instanceof String attribute && !attribute.startsWith("$flagd") && !attribute.equals("targetingKey")) {
                found.add(attribute);
            }
            map.values().forEach(value -> vars(value, found));
        } else if (expression instanceof List<?> list) {
            list.forEach(value -> vars(value, found));
        }
    }
}
