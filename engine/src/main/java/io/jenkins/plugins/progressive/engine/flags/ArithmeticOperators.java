package io.jenkins.plugins.progressive.engine.flags;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * JsonLogic arithmetic on {@link Coercion#toNumber numbers}; results are doubles, as in both flagd libraries.
 * Typical flag use: a ramp weight computed from {@code $flagd.timestamp}.
 */
final class ArithmeticOperators {

    private ArithmeticOperators() {
    }

    static void register(Map<String, Rule.Operator> into) {
        into.put("+", (args, scope) -> fold(Rule.Operator.evaluateAll(args, scope), 0, Double::sum));
        into.put("*", (args, scope) -> fold(Rule.Operator.evaluateAll(args, scope), 1, (a, b) -> a * b));
        into.put("-", ArithmeticOperators::minus);
        into.put("/", (args, scope) -> binary(args, scope, (a, b) -> a / b));
        into.put("%", (args, scope) -> binary(args, scope, (a, b) -> a % b));
        into.put("min", (args, scope) -> extreme(Rule.Operator.evaluateAll(args, scope), Math::min));
        into.put("max", (args, scope) -> extreme(Rule.Operator.evaluateAll(args, scope), Math::max));
    }

    private static double fold(List<Object> values, double identity, DoubleBinaryOperator step) {
        double result = identity;
        for (Object value : values) {
            result = step.applyAsDouble(result, Coercion.toNumber(value));
        }
        return result;
    }

    /** One argument negates; two subtract (JavaScript and the Java library ignore further ones). */
    private static Object minus(List<Rule> args, Rule.Scope scope) {
        if (args.isEmpty()) {
            return null;
        }
        double first = Coercion.toNumber(args.get(0).evaluate(scope));
        return args.size() == 1 ? -first : first - Coercion.toNumber(args.get(1).evaluate(scope));
    }

    private static Object binary(List<Rule> args, Rule.Scope scope, DoubleBinaryOperator op) {
        if (args.size() < 2) {
            return null;
        }
        return op.applyAsDouble(Coercion.toNumber(args.get(0).evaluate(scope)),
                Coercion.toNumber(args.get(1).evaluate(scope)));
    }

    private static Object extreme(List<Object> values, DoubleBinaryOperator pick) {
        if (values.isEmpty()) {
            return null;
        }
        double result = Coercion.toNumber(values.get(0));
        for (int i = 1; i < values.size(); i++) {
            result = pick.applyAsDouble(result, Coercion.toNumber(values.get(i)));
        }
        return result;
    }
}
