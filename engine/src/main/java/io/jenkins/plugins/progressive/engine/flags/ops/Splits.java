package io.jenkins.plugins.progressive.engine.flags.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds flagd {@code fractional} splits. Users are bucketed by flagd's default, {@code $flagd.flagKey} + targeting
 * key, so each flag buckets independently and a user keeps the variant as the percentage grows; or by an attribute,
 * as {@code cat($flagd.flagKey, attribute)} (flagd's advice). Weights are integers, as flagd requires.
 */
final class Splits {

    static final String TARGETING_KEY = "targetingKey";

    private Splits() {
    }

    /**
     * {@code variant} for {@code percentage}% of users, {@code other} for the rest. Whole percentages weigh out of 100,
     * others out of 10 000 (12.5% is 1250). The rolled-out variant comes first, so raising the percentage only moves
     * users from {@code other} to {@code variant}, never back.
     */
    static Map<String, Object> percentage(String variant, String other, double percentage, String bucketBy) {
        long scale = percentage == Math.rint(percentage) ? 1 : 100;
        long total = 100 * scale;
        long weight = BigDecimal.valueOf(percentage).multiply(BigDecimal.valueOf(scale)).longValueExact();
        Map<String, Long> weights = new LinkedHashMap<>();
        weights.put(variant, weight);
        weights.put(other, total - weight);
        return weighted(weights, bucketBy);
    }

    /** A split in the given order with the given integer weights. */
    static Map<String, Object> weighted(Map<String, Long> weights, String bucketBy) {
        List<Object> args = new ArrayList<>();
        if (bucketBy != null && !TARGETING_KEY.equals(bucketBy)) {
            args.add(Map.of("cat", List.of(Map.of("var", "$flagd.flagKey"), Map.of("var", bucketBy))));
        }
        weights.forEach((variant, weight) -> args.add(List.of(variant, weight)));
        return Map.of("fractional", args);
    }

    /** Whether a fallthrough is a split that sends everybody to one variant (all weight on it). */
    static String soleVariant(Object fallthrough) {
        if (!(fallthrough instanceof Map<?, ?> map) || map.size() != 1 || !(map.get("fractional") instanceof List<?> args)) {
            return fallthrough instanceof String name ? name : null;
        }
        String sole = null;
        for (Object arg : args) {
            if (arg instanceof List<?> pair && !pair.isEmpty()) {
                Object weight = pair.size() > 1 ? pair.get(1) : 1L;
                if (!(weight instanceof Number number)) {
                    return null;
                }
                if (number.doubleValue() > 0) {
                    if (sole != null) {
                        return null;
                    }
                    sole = String.valueOf(pair.get(0));
                }
            }
        }
        return sole;
    }
}
