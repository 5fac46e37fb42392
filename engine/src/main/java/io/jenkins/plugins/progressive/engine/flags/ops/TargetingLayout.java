package io.jenkins.plugins.progressive.engine.flags.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The targeting this tool writes, as two parts that operations change independently: ordered <em>rules</em>
 * (condition → variant, first match wins) and the <em>fallthrough</em> for everyone else (a variant, a
 * {@code fractional} split, or a time ramp of splits). Written as one flat JsonLogic chain
 * {@code {"if": [c1, v1, c2, v2, ..., fallthrough]}}, which flagd evaluates in order.
 *
 * <p>Reading it back: the leading condition/value pairs are rules until a ramp step begins (a
 * {@code $flagd.timestamp <} condition whose value is a {@code fractional}); the rest is the fallthrough. A targeting
 * written by hand that is not an {@code if} chain is taken as the fallthrough as a whole, so rules are put in front of
 * it and a percentage replaces it.
 *
 * @param rules condition, value, condition, value, ... (even length)
 * @param fallthrough what everyone else gets, or null for the default variant
 */
record TargetingLayout(List<Object> rules, Object fallthrough) {

    static final String TIMESTAMP = "$flagd.timestamp";

    TargetingLayout {
        rules = Collections.unmodifiableList(new ArrayList<>(rules));
    }

    static TargetingLayout of(Object targeting) {
        if (targeting == null || targeting instanceof Map<?, ?> empty && empty.isEmpty()) {
            return new TargetingLayout(List.of(), null);
        }
        List<?> args = ifArguments(targeting);
        if (args == null) {
            return new TargetingLayout(List.of(), targeting);
        }
        List<Object> rules = new ArrayList<>();
        int i = 0;
        for (; i + 1 < args.size(); i += 2) {
            if (isRampStep(args.get(i), args.get(i + 1))) {
                List<Object> ramp = new ArrayList<>(args.subList(i, args.size()));
                return new TargetingLayout(rules, Map.of("if", ramp));
            }
            rules.add(args.get(i));
            rules.add(args.get(i + 1));
        }
        return new TargetingLayout(rules, i < args.size() ? args.get(i) : null);
    }

    TargetingLayout withRules(List<Object> newRules) {
        return new TargetingLayout(newRules, fallthrough);
    }

    TargetingLayout withFallthrough(Object newFallthrough) {
        return new TargetingLayout(rules, newFallthrough);
    }

    /** The JsonLogic to store, or null for no targeting (everyone gets the default variant, reason STATIC). */
    Object toTargeting() {
        if (rules.isEmpty()) {
            return fallthrough;
        }
        List<Object> args = new ArrayList<>(rules);
        List<?> ramp = fallthrough == null ? null : ifArguments(fallthrough);
        if (ramp != null && ramp.size() >= 2 && isRampStep(ramp.get(0), ramp.get(1))) {
            args.addAll(ramp); // flattened, so the chain reads back as rules + ramp
        } else if (fallthrough != null) {
            args.add(fallthrough);
        }
        return Map.of("if", args);
    }

    private static List<?> ifArguments(Object rule) {
        if (rule instanceof Map<?, ?> map && map.size() == 1 && map.get("if") instanceof List<?> args
                && args.size() >= 2) {
            return args;
        }
        return null;
    }

    static boolean isRampStep(Object condition, Object value) {
        return condition instanceof Map<?, ?> map && map.size() == 1 && map.get("<") instanceof List<?> args
                && args.size() == 2 && args.get(0) instanceof Map<?, ?> var && TIMESTAMP.equals(var.get("var"))
                && args.get(1) instanceof Number
                && value instanceof Map<?, ?> split && split.size() == 1 && split.containsKey("fractional");
    }
}
