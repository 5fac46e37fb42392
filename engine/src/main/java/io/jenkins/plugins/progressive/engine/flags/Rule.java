package io.jenkins.plugins.progressive.engine.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled JsonLogic expression. Compiling once per flag set keeps parsing, operator lookup and {@code var} path
 * splitting out of the per-user loop of a preview over thousands of synthetic users.
 */
sealed interface Rule permits Rule.Literal, Rule.ListOf, Rule.Var, Rule.Call {

    Object evaluate(Scope scope);

    /** What a rule sees: the current data ({@code var} reads it; {@code map}/{@code filter} rebind it) and the root. */
    record Scope(Object data, TargetingData root) {

        static Scope of(TargetingData root) {
            return new Scope(root, root);
        }

        Scope rebind(Object newData) {
            return new Scope(newData, root);
        }
    }

    /** A constant: a JSON primitive, or an object with other than one key, which JsonLogic returns as data. */
    record Literal(Object value) implements Rule {
        @Override
        public Object evaluate(Scope scope) {
            return value;
        }
    }

    /** An array whose elements are rules, evaluated element by element (JsonLogic evaluates inside arrays). */
    record ListOf(List<Rule> items) implements Rule {
        @Override
        public Object evaluate(Scope scope) {
            List<Object> values = new ArrayList<>(items.size());
            for (Rule item : items) {
                values.add(item.evaluate(scope));
            }
            return values;
        }
    }

    /** An operator applied to its (unevaluated) arguments; the operator decides what to evaluate and when. */
    record Call(String name, Operator operator, List<Rule> args) implements Rule {
        @Override
        public Object evaluate(Scope scope) {
            return operator.apply(args, scope);
        }
    }

    /**
     * {@code {"var": [path, default]}}. A literal path is split once; {@code null} from the data gives the default,
     * as in both flagd libraries (the JavaScript reference returns the null).
     *
     * @param literalPath the split path when it was a literal, otherwise null
     * @param path the path rule, evaluated when {@code literalPath} is null
     * @param fallback the default, or null for none
     */
    record Var(List<String> literalPath, Rule path, Rule fallback) implements Rule {
        @Override
        public Object evaluate(Scope scope) {
            List<String> segments = literalPath != null ? literalPath : split(path.evaluate(scope));
            if (segments.isEmpty()) {
                Object data = scope.data();
                return data instanceof TargetingData root ? root.asMap() : data;
            }
            Object value = scope.data();
            for (String segment : segments) {
                value = child(value, segment);
                if (value == null) {
                    return fallback == null ? null : fallback.evaluate(scope);
                }
            }
            return value;
        }

        static List<String> split(Object path) {
            if (path == null) {
                return List.of();
            }
            if (path instanceof List || path instanceof Map || path instanceof Boolean) {
                throw new TargetingException("var: the path must be a string or a number, was " + JsonValues.toJson(path));
            }
            String text = Coercion.toText(path);
            List<String> segments = new ArrayList<>();
            for (String segment : text.split("\\.")) {
                if (!segment.isEmpty()) {
                    segments.add(segment);
                }
            }
            return List.copyOf(segments);
        }

        private static Object child(Object data, String key) {
            if (data instanceof TargetingData root) {
                return root.get(key);
            } else if (data instanceof Map<?, ?> map) {
                return map.get(key);
            } else if (data instanceof List<?> list) {
                int index = index(key);
                return index >= 0 && index < list.size() ? list.get(index) : null;
            }
            return null;
        }

        private static int index(String key) {
            try {
                return Integer.parseInt(key);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** One JsonLogic operator. Most evaluate all arguments first; {@code if}, {@code and}, {@code or} do not. */
    @FunctionalInterface
    interface Operator {
        Object apply(List<Rule> args, Scope scope);

        static List<Object> evaluateAll(List<Rule> args, Scope scope) {
            List<Object> values = new ArrayList<>(args.size());
            for (Rule arg : args) {
                values.add(arg.evaluate(scope));
            }
            return values;
        }

        static Object argument(List<Rule> args, int index, Scope scope) {
            return index < args.size() ? args.get(index).evaluate(scope) : null;
        }
    }
}
