package io.jenkins.plugins.progressive.engine.flags;

import static io.jenkins.plugins.progressive.engine.flags.Rule.Operator.argument;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** JsonLogic's control flow, equality and comparison operators. */
final class LogicOperators {

    private LogicOperators() {
    }

    static void register(Map<String, Rule.Operator> into) {
        into.put("if", LogicOperators::conditional);
        into.put("?:", LogicOperators::conditional);
        into.put("and", (args, scope) -> shortCircuit(args, scope, false));
        into.put("or", (args, scope) -> shortCircuit(args, scope, true));
        into.put("!", (args, scope) -> !Coercion.truthy(argument(args, 0, scope)));
        into.put("!!", (args, scope) -> Coercion.truthy(argument(args, 0, scope)));
        into.put("==", (args, scope) -> Coercion.looseEquals(argument(args, 0, scope), argument(args, 1, scope)));
        into.put("!=", (args, scope) -> !Coercion.looseEquals(argument(args, 0, scope), argument(args, 1, scope)));
        into.put("===", (args, scope) -> Coercion.strictEquals(argument(args, 0, scope), argument(args, 1, scope)));
        into.put("!==", (args, scope) -> !Coercion.strictEquals(argument(args, 0, scope), argument(args, 1, scope)));
        into.put("<", (args, scope) -> compare(args, scope, Coercion::lessThan));
        into.put("<=", (args, scope) -> compare(args, scope, Coercion::lessOrEqual));
        into.put(">", (args, scope) -> compare(args, scope, (a, b) -> Coercion.lessThan(b, a)));
        into.put(">=", (args, scope) -> compare(args, scope, (a, b) -> Coercion.lessOrEqual(b, a)));
    }

    /** if/then pairs, then an optional else; only the taken branch is evaluated. */
    private static Object conditional(List<Rule> args, Rule.Scope scope) {
        int i = 0;
        for (; i + 1 < args.size(); i += 2) {
            if (Coercion.truthy(args.get(i).evaluate(scope))) {
                return args.get(i + 1).evaluate(scope);
            }
        }
        return i < args.size() ? args.get(i).evaluate(scope) : null;
    }

    /** {@code and}/{@code or} return the value that decided, not a boolean, as in JavaScript. */
    private static Object shortCircuit(List<Rule> args, Rule.Scope scope, boolean stopWhenTruthy) {
        Object last = null;
        for (Rule arg : args) {
            last = arg.evaluate(scope);
            if (Coercion.truthy(last) == stopWhenTruthy) {
                return last;
            }
        }
        return last;
    }

    /**
     * Two arguments compare; three form the "between" test {@code a op b op c}. Both flagd libraries accept between
     * for all four comparisons (jsonlogic.com only for {@code <} and {@code <=}).
     */
    private static boolean compare(List<Rule> args, Rule.Scope scope, BiPredicate<Object, Object> holds) {
        if (args.size() < 2) {
            return false;
        }
        Object a = args.get(0).evaluate(scope);
        Object b = args.get(1).evaluate(scope);
        if (args.size() == 2) {
            return holds.test(a, b);
        }
        Object c = args.get(2).evaluate(scope);
        return holds.test(a, b) && holds.test(b, c);
    }
}
