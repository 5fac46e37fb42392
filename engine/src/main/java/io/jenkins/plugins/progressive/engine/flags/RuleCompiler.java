package io.jenkins.plugins.progressive.engine.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns JsonLogic (as plain JSON values) into {@link Rule}s. The operator set is what both flagd evaluators share:
 * the JsonLogic operators of Java's {@code json-logic-java} (which Go's library also has) plus flagd's
 * {@code fractional}, {@code sem_ver}, {@code starts_with} and {@code ends_with}. Go-only extras ({@code abs},
 * {@code set}, {@code contains_*}) are unknown here on purpose: a flag using them fails in Java in-process providers.
 */
final class RuleCompiler {

    static final String VAR = "var";
    private static final Map<String, Rule.Operator> OPERATORS = operators();

    private RuleCompiler() {
    }

    /** Every operator a rule may use, for messages. */
    static Set<String> operatorNames() {
        Set<String> names = new TreeSet<>(OPERATORS.keySet());
        names.add(VAR);
        return Collections.unmodifiableSet(names);
    }

    static boolean isOperator(String name) {
        return VAR.equals(name) || OPERATORS.containsKey(name);
    }

    /**
     * Compiles a rule.
     *
     * @throws TargetingException for an unknown operator or a {@code var} that cannot name a path
     */
    static Rule compile(Object json) {
        if (json instanceof Map<?, ?> map) {
            if (map.size() != 1) {
                // JsonLogic returns an object with other than one key as data (Go does; jsonlogic.com too).
                return new Rule.Literal(map);
            }
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            String name = (String) entry.getKey();
            List<Rule> args = arguments(entry.getValue());
            if (VAR.equals(name)) {
                return variable(args);
            }
            Rule.Operator operator = OPERATORS.get(name);
            if (operator == null) {
                throw new TargetingException("unknown operator '" + name + "'");
            }
            return new Rule.Call(name, operator, args);
        }
        if (json instanceof List<?> list) {
            List<Rule> items = new ArrayList<>(list.size());
            boolean constant = true;
            for (Object element : list) {
                Rule item = compile(element);
                items.add(item);
                constant &= item instanceof Rule.Literal;
            }
            // A constant array (fractional's ["on", 25], in's haystack) need not be rebuilt for every user.
            return constant ? new Rule.Literal(list) : new Rule.ListOf(List.copyOf(items));
        }
        return new Rule.Literal(json);
    }

    /** JsonLogic's unary sugar: a single argument need not be wrapped in an array ({@code {"var": "x"}}). */
    private static List<Rule> arguments(Object value) {
        List<?> raw = value instanceof List<?> list ? list : Collections.singletonList(value);
        List<Rule> args = new ArrayList<>(raw.size());
        for (Object arg : raw) {
            args.add(compile(arg));
        }
        return List.copyOf(args);
    }

    private static Rule variable(List<Rule> args) {
        Rule path = args.isEmpty() ? new Rule.Literal(null) : args.get(0);
        Rule fallback = args.size() > 1 ? args.get(1) : null;
        List<String> literalPath = path instanceof Rule.Literal literal ? Rule.Var.split(literal.value()) : null;
        return new Rule.Var(literalPath, path, fallback);
    }

    private static Map<String, Rule.Operator> operators() {
        Map<String, Rule.Operator> all = new HashMap<>();
        LogicOperators.register(all);
        ArithmeticOperators.register(all);
        DataOperators.register(all);
        ArrayOperators.register(all);
        FlagdOperators.register(all);
        return Map.copyOf(all);
    }
}
