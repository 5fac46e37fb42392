package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input checks the operations share; every message starts with the parameter's name. */
final class Params {

    private Params() {
    }

    static String flagKey(String key) {
        return name(key, "flag");
    }

    /** Flag keys, variant names, segment names: any text flagd accepts, but not blank and without whitespace. */
    static String name(String value, String parameter) {
        if (value == null || value.isBlank() || value.length() > 253 || value.chars().anyMatch(Character::isWhitespace)) {
            throw new FlagOperationException(parameter + " must be a non-empty name without spaces (at most 253 "
                    + "characters), was " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    static String text(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new FlagOperationException(parameter + " must not be empty");
        }
        return value;
    }

    /** Variants: at least one, names without spaces, values of one type (boolean, string, number or object). */
    static Map<String, Object> variants(Map<String, ?> variants) {
        if (variants == null || variants.isEmpty()) {
            throw new FlagOperationException("variants must name at least one variant, e.g. [on: true, off: false]");
        }
        Map<String, List<String>> namesByType = new LinkedHashMap<>();
        Map<String, Object> copy = new LinkedHashMap<>();
        variants.forEach((name, value) -> {
            name(name, "variants");
            String type = typeOf(value);
            if (type == null) {
                throw new FlagOperationException("variants." + name + " must be a boolean, string, number or object "
                        + "(map), was " + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            namesByType.computeIfAbsent(type, t -> new ArrayList<>()).add(name);
            copy.put(name, value);
        });
        if (namesByType.size() > 1) {
            List<String> parts = new ArrayList<>();
            namesByType.forEach((type, names) -> parts.add(type + " (" + String.join(", ", names) + ")"));
            throw new FlagOperationException("variants mix types: " + String.join(", ", parts)
                    + "; all variants of a flag must have one type");
        }
        return Collections.unmodifiableMap(copy);
    }

    static String typeOf(Object value) {
        if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof Map) {
            return "object";
        }
        return null;
    }

    static boolean isPrimitive(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** A percentage 0..100 with at most two decimals (flagd weights are integers: 12.5% is 1250 of 10000). */
    static double percentage(double value, String parameter) {
        if (Double.isNaN(value) || value < 0 || value > 100) {
            throw new FlagOperationException(parameter + " must be 0..100, was " + format(value));
        }
        if (BigDecimal.valueOf(value).stripTrailingZeros().scale() > 2) {
            throw new FlagOperationException(parameter + " may have at most two decimals, was " + format(value));
        }
        return value;
    }

    /** A weight as given by a pipeline (any Number): a whole number ≥ 0. */
    static long weight(Number weight, String parameter) {
        if (weight == null) {
            throw new FlagOperationException(parameter + " must be a whole number >= 0, was null");
        }
        double value = weight.doubleValue();
        if (Double.isNaN(value) || value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
            throw new FlagOperationException(parameter + " must be a whole number >= 0 (flagd weights are integers: "
                    + "write 125 and 875 for 12.5% and 87.5%), was " + format(value));
        }
        return (long) value;
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value); // NaN, Infinity: BigDecimal has no such values
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The flag an update operation changes; an unknown key is an error that lists the flags there are. */
    static FlagDefinition existing(FlagSet set, String key) {
        return set.flag(key).orElseThrow(() -> new FlagOperationException("flag: unknown flag '" + key + "'"
                + (set.flags().isEmpty() ? " (the set has no flags)" : " (flags: "
                        + String.join(", ", set.flags().keySet()) + ")") + "; create it first"));
    }

    /** A variant of the flag, or an error naming the parameter and the variants there are. */
    static String variantOf(FlagDefinition flag, String variant, String parameter) {
        if (!flag.variants().containsKey(variant)) {
            throw new FlagOperationException(parameter + ": '" + variant + "' is not a variant of flag '" + flag.key()
                    + "' (" + String.join(", ", flag.variants().keySet()) + ")");
        }
        return variant;
    }
}
