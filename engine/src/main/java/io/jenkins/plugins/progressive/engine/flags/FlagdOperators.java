package io.jenkins.plugins.progressive.engine.flags;

import static io.jenkins.plugins.progressive.engine.flags.Rule.Operator.evaluateAll;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * flagd's custom operators, as in flagd's current Go evaluator ({@code core/pkg/evaluator}): {@code fractional}
 * (the v2 bucketing of flagd ≥ 0.15.0), {@code sem_ver}, {@code starts_with}, {@code ends_with}. Invalid input gives
 * {@code null}, which is falsy and lets an enclosing {@code if} fall through, or selects the default variant.
 */
final class FlagdOperators {

    private FlagdOperators() {
    }

    static void register(Map<String, Rule.Operator> into) {
        into.put("fractional", (args, scope) -> fractional(evaluateAll(args, scope), scope.root()));
        into.put("sem_ver", (args, scope) -> semVer(evaluateAll(args, scope)));
        into.put("starts_with", (args, scope) -> compareText(evaluateAll(args, scope), true));
        into.put("ends_with", (args, scope) -> compareText(evaluateAll(args, scope), false));
    }

    /**
     * {@code [bucketBy?, [variant, weight?], ...]}. A string first argument is the bucketing value; otherwise (and a
     * null first argument is dropped) it is {@code $flagd.flagKey + targetingKey}, and no targeting key means null.
     * An empty targeting key counts as none, as in flagd's Go evaluator since 0.15.5 (PR #1949); an explicit empty
     * bucketing value is hashed like any other string.
     * The bucket is {@code (uint32(murmur3(value)) * totalWeight) >> 32}; the first variant whose running weight
     * exceeds it wins.
     */
    static Object fractional(List<Object> values, TargetingData root) {
        if (values.isEmpty()) {
            return null;
        }
        Object first = values.get(0);
        String bucketBy;
        List<Object> distributions;
        if (first instanceof String text) {
            bucketBy = text;
            distributions = values.subList(1, values.size());
        } else {
            String targetingKey = root.targetingKey();
            if (targetingKey == null || targetingKey.isEmpty()) {
                return null;
            }
            bucketBy = root.flagKey() + targetingKey;
            distributions = first == null ? values.subList(1, values.size()) : values;
        }
        Optional<FractionalSplit> split = FractionalSplit.parse(distributions);
        return split.isPresent() ? split.get().variantFor(bucketBy) : null;
    }

    /** {@code [version, op, version]} with op in {@code = != < <= > >= ^ ~}; {@code ^} same major, {@code ~} same minor. */
    static Object semVer(List<Object> values) {
        if (values.size() != 3 || !(values.get(1) instanceof String op)) {
            return null;
        }
        Optional<SemanticVersion> actual = version(values.get(0));
        Optional<SemanticVersion> target = version(values.get(2));
        if (actual.isEmpty() || target.isEmpty()) {
            return null;
        }
        SemanticVersion a = actual.get();
        SemanticVersion b = target.get();
        int c = a.compareTo(b);
        return switch (op) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "^" -> a.major().equals(b.major());
            case "~" -> a.major().equals(b.major()) && a.minor().equals(b.minor());
            default -> null;
        };
    }

    /**
     * flagd's daemon formats a number as text first (Go {@code fmt.Sprintf("%v", float64)}), so {@code 1.2} (a float
     * attribute) reads as version 1.2.0. Go writes {@code %v} in exponent form from 1e6 on ({@code 1e+06}), which is
     * no version, so such numbers give null as in flagd. Text is not trimmed: {@code " 2.0.0"} is no version either.
     */
    private static Optional<SemanticVersion> version(Object value) {
        if (value instanceof String text) {
            return SemanticVersion.parse(text);
        }
        if (value instanceof Number n && Math.abs(n.doubleValue()) < GO_EXPONENT_FORM_FROM) {
            return SemanticVersion.parse(Coercion.formatNumber(n.doubleValue()));
        }
        return Optional.empty();
    }

    /** Go's shortest {@code %g} (what {@code %v} is for floats) switches to exponent form at exponent 6. */
    private static final double GO_EXPONENT_FORM_FROM = 1e6;

    private static Object compareText(List<Object> values, boolean prefix) {
        if (values.size() != 2 || !(values.get(0) instanceof String text) || !(values.get(1) instanceof String part)) {
            return null;
        }
        return prefix ? text.startsWith(part) : text.endsWith(part);
    }
}
