package io.jenkins.plugins.progressive.engine.flags;

import static io.jenkins.plugins.progressive.engine.flags.Rule.Operator.argument;
import static io.jenkins.plugins.progressive.engine.flags.Rule.Operator.evaluateAll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JsonLogic's string and data operators: {@code in}, {@code cat}, {@code substr}, {@code missing}, {@code merge}. */
final class DataOperators {

    private DataOperators() {
    }

    static void register(Map<String, Rule.Operator> into) {
        into.put("in", (args, scope) -> in(argument(args, 0, scope), argument(args, 1, scope)));
        into.put("cat", DataOperators::cat);
        into.put("substr", (args, scope) -> substr(evaluateAll(args, scope)));
        into.put("missing", (args, scope) -> missing(evaluateAll(args, scope), scope));
        into.put("missing_some", DataOperators::missingSome);
        into.put("merge", (args, scope) -> merge(evaluateAll(args, scope)));
        into.put("log", (args, scope) -> argument(args, 0, scope));
    }

    /**
     * Substring of a string, or membership in an array by strict equality (numbers by value). A null needle is never
     * in a string (Java library; JavaScript would look for "null"), so a missing attribute does not match.
     */
    static boolean in(Object needle, Object haystack) {
        if (haystack instanceof String text) {
            return needle != null && text.contains(Coercion.toText(needle));
        }
        if (haystack instanceof List<?> list) {
            for (Object element : list) {
                if (Coercion.strictEquals(needle, element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Concatenation without trimming: Go's library trims the result, Java's does not; flag keys carry no spaces. */
    private static Object cat(List<Rule> args, Rule.Scope scope) {
        StringBuilder text = new StringBuilder();
        for (Rule arg : args) {
            text.append(Coercion.toText(arg.evaluate(scope)));
        }
        return text.toString();
    }

    /** jsonlogic.com's substr: JavaScript {@code substr(start, length)}, and a negative length cuts from the end. */
    private static Object substr(List<Object> values) {
        String source = Coercion.toText(values.isEmpty() ? null : values.get(0));
        int length = source.length();
        int start = (int) Coercion.toNumber(values.size() > 1 ? values.get(1) : null);
        start = start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
        if (values.size() < 3) {
            return source.substring(start);
        }
        int count = (int) Coercion.toNumber(values.get(2));
        int end = count < 0 ? Math.max(length + count, start) : Math.min(start + count, length);
        return source.substring(start, end);
    }

    /** The keys whose value is null or absent. An array as first argument is the list of keys (for merge results). */
    private static List<Object> missing(List<Object> values, Rule.Scope scope) {
        List<?> keys = !values.isEmpty() && values.get(0) instanceof List<?> list ? list : values;
        List<Object> absent = new ArrayList<>();
        for (Object key : keys) {
            if (lookup(key, scope) == null) {
                absent.add(key);
            }
        }
        return absent;
    }

    /** {@code [need, keys]}: empty when at least {@code need} of the keys are present, else the missing ones. */
    private static Object missingSome(List<Rule> args, Rule.Scope scope) {
        double need = Coercion.toNumber(argument(args, 0, scope));
        Object keys = argument(args, 1, scope);
        List<Object> absent = missing(keys instanceof List<?> list ? List.of(list) : List.of(), scope);
        int present = (keys instanceof List<?> list ? list.size() : 0) - absent.size();
        return present >= need ? List.of() : absent;
    }

    private static Object lookup(Object key, Rule.Scope scope) {
        return new Rule.Var(Rule.Var.split(key), null, null).evaluate(scope);
    }

    /** Flattens one level: {@code merge([1,[2,3]],4) = [1,2,3,4]}. */
    private static List<Object> merge(List<Object> values) {
        List<Object> merged = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof List<?> list) {
                merged.addAll(list);
            } else {
                merged.add(value);
            }
        }
        return merged;
    }
}
