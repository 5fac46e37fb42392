package io.jenkins.plugins.progressive.engine.flags;

import static io.jenkins.plugins.progressive.engine.flags.Rule.Operator.argument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JsonLogic's array operators ({@code map}, {@code filter}, {@code reduce}, {@code all}, {@code some},
 * {@code none}), as on jsonlogic.com: the second argument runs with each element as its data. Rare in flags, but
 * flagd accepts them, so a flag set that uses them must preview rather than fail.
 */
final class ArrayOperators {

    private ArrayOperators() {
    }

    static void register(Map<String, Rule.Operator> into) {
        into.put("map", ArrayOperators::map);
        into.put("filter", ArrayOperators::filter);
        into.put("reduce", ArrayOperators::reduce);
        into.put("all", (args, scope) -> {
            List<?> items = items(args, scope);
            return !items.isEmpty() && count(items, args, scope) == items.size();
        });
        into.put("some", (args, scope) -> count(items(args, scope), args, scope) > 0);
        into.put("none", (args, scope) -> count(items(args, scope), args, scope) == 0);
    }

    private static List<?> items(List<Rule> args, Rule.Scope scope) {
        return argument(args, 0, scope) instanceof List<?> list ? list : List.of();
    }

    private static Object each(List<Rule> args, Rule.Scope scope, Object item) {
        return args.size() > 1 ? args.get(1).evaluate(scope.rebind(item)) : null;
    }

    private static Object map(List<Rule> args, Rule.Scope scope) {
        List<Object> mapped = new ArrayList<>();
        for (Object item : items(args, scope)) {
            mapped.add(each(args, scope, item));
        }
        return mapped;
    }

    private static Object filter(List<Rule> args, Rule.Scope scope) {
        List<Object> kept = new ArrayList<>();
        for (Object item : items(args, scope)) {
            if (Coercion.truthy(each(args, scope, item))) {
                kept.add(item);
            }
        }
        return kept;
    }

    private static int count(List<?> items, List<Rule> args, Rule.Scope scope) {
        int matches = 0;
        for (Object item : items) {
            if (Coercion.truthy(each(args, scope, item))) {
                matches++;
            }
        }
        return matches;
    }

    /** {@code [items, logic, initial]}; the logic reads {@code current} and {@code accumulator}. */
    private static Object reduce(List<Rule> args, Rule.Scope scope) {
        Object accumulator = argument(args, 2, scope);
        for (Object item : items(args, scope)) {
            Map<String, Object> data = new HashMap<>();
            data.put("current", item);
            data.put("accumulator", accumulator);
            accumulator = each(args, scope, data);
        }
        return accumulator;
    }
}
