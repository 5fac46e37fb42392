package io.jenkins.plugins.progressive.engine.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks a targeting rule before it is written, for mistakes flagd only reveals per request: a {@code $ref} to a
 * missing evaluator, an unknown operator, fractional weights that are not integers or add up to 0, and a literal
 * result that is not a variant of the flag (which flagd answers with reason ERROR).
 */
final class TargetingChecks {

    private static final String TARGETING = "targeting";
    private static final String FRACTIONAL = "fractional";

    private TargetingChecks() {
    }

    static List<FlagProblem> checkEvaluator(String name, Object rule) {
        List<FlagProblem> problems = new ArrayList<>();
        String field = FlagSetReader.EVALUATORS + "." + name;
        if (EvaluatorRefs.containsReference(rule)) {
            problems.add(FlagProblem.ofSet(field, "contains a $ref; flagd does not resolve references inside an"
                    + " evaluator, so inline the referenced rule"));
            return problems;
        }
        checkRule(rule, message -> problems.add(FlagProblem.ofSet(field, message)));
        return problems;
    }

    static List<FlagProblem> checkFlag(String key, Object targeting, Map<String, Object> evaluators,
            Set<String> variants) {
        List<FlagProblem> problems = new ArrayList<>();
        Set<String> undefined = new LinkedHashSet<>();
        Object resolved = EvaluatorRefs.resolve(targeting, evaluators, undefined::add);
        for (String name : undefined) {
            problems.add(new FlagProblem(key, TARGETING, "$ref '" + name + "' names no entry of $evaluators"
                    + (evaluators.isEmpty() ? " (there are none)" : " (defined: "
                            + String.join(", ", evaluators.keySet()) + ")")));
        }
        if (!undefined.isEmpty()) {
            return problems;
        }
        checkRule(resolved, message -> problems.add(new FlagProblem(key, TARGETING, message)));
        Set<String> unknown = new LinkedHashSet<>();
        results(resolved, result -> {
            String name = VariantNames.of(result);
            if (name != null && !variants.contains(name)) {
                unknown.add(name);
            }
        });
        for (String name : unknown) {
            problems.add(new FlagProblem(key, TARGETING, "can return '" + name + "', which is not one of its variants ("
                    + String.join(", ", variants) + "); flagd would answer with reason ERROR"));
        }
        return problems;
    }

    private static void checkRule(Object rule, Consumer<String> problem) {
        try {
            RuleCompiler.compile(rule);
        } catch (TargetingException e) {
            problem.accept(e.getMessage() + " (operators: " + String.join(" ", RuleCompiler.operatorNames()) + ")");
            return;
        }
        forEachCall(rule, FRACTIONAL, args -> checkWeights(args, problem));
    }

    static void forEachCall(Object rule, String operator, Consumer<List<?>> check) {
        if (rule instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey(operator)) {
                check.accept(arguments(map.get(operator)));
            }
            map.values().forEach(value -> forEachCall(value, operator, check));
        } else if (rule instanceof List<?> list) {
            list.forEach(value -> forEachCall(value, operator, check));
        }
    }

    /** Weights written as numbers are checked one by one; their sum only when none is computed. */
    private static void checkWeights(List<?> args, Consumer<String> problem) {
        List<?> distributions = distributions(args);
        if (distributions.isEmpty()) {
            problem.accept("fractional lists no variants");
            return;
        }
        long total = 0;
        boolean computed = false;
        for (Object distribution : distributions) {
            if (!(distribution instanceof List<?> pair) || pair.isEmpty()) {
                problem.accept("fractional: each distribution must be an array [variant, weight], was "
                        + JsonValues.toJson(distribution));
                return;
            }
            Object weight = pair.size() > 1 ? pair.get(1) : null;
            if (weight instanceof Map) {
                computed = true;
                continue;
            }
            try {
                total += FractionalSplit.weight(weight, pair.get(0));
            } catch (IllegalArgumentException e) {
                problem.accept("fractional: " + e.getMessage());
                return;
            }
        }
        if (!computed && total == 0) {
            problem.accept("fractional: the weights sum to 0, so every user gets the default variant");
        } else if (total > FractionalSplit.MAX_TOTAL_WEIGHT) {
            problem.accept("fractional: the weights sum to " + total + ", more than " + FractionalSplit.MAX_TOTAL_WEIGHT);
        }
    }

    /** A first argument that is not an array is the bucketing value, not a distribution. */
    private static List<?> distributions(List<?> args) {
        return !args.isEmpty() && !(args.get(0) instanceof List) ? args.subList(1, args.size()) : args;
    }

    private static List<?> arguments(Object value) {
        return value instanceof List<?> list ? list : Collections.singletonList(value);
    }

    /** The literal values the rule can return: leaves of if/then/else, and fractional variants. */
    private static void results(Object rule, Consumer<Object> literal) {
        if (!(rule instanceof Map<?, ?> map)) {
            if (!(rule instanceof List)) {
                literal.accept(rule);
            }
            return;
        }
        if (map.size() != 1) {
            return;
        }
        Map.Entry<?, ?> call = map.entrySet().iterator().next();
        List<?> args = arguments(call.getValue());
        if ("if".equals(call.getKey()) || "?:".equals(call.getKey())) {
            for (int i = 1; i < args.size(); i += 2) {
                results(args.get(i), literal);
            }
            if (args.size() % 2 == 1) {
                results(args.get(args.size() - 1), literal);
            }
        } else if (FRACTIONAL.equals(call.getKey())) {
            for (Object distribution : distributions(args)) {
                if (distribution instanceof List<?> pair && !pair.isEmpty()) {
                    results(pair.get(0), literal);
                }
            }
        }
    }
}
