package io.jenkins.plugins.progressive.engine.flags.gate;

import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagPreview;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import io.jenkins.plugins.progressive.engine.flags.PreviewEvaluator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What a flag must look like for a release to go on: a state, and/or the share of users a variant gets within bounds
 * (e.g. the new checkout for at most 25% while the canary of its backend runs). The share is that of
 * {@link FlagPreview#DEFAULT_SYNTHETIC_USERS} synthetic users evaluated as flagd would, so targeting rules and
 * {@code fractional} splits both count; synthetic users have a targeting key and the attributes the flag's splits
 * bucket by, nothing else, so rules on other attributes (an e-mail domain, a region) do not match them.
 *
 * @param state the state the flag must be in, or null for any
 * @param variant the variant whose share is bounded; needed with a bound
 * @param minPercent the least share in percent, or null
 * @param maxPercent the largest share in percent, or null
 */
public record FlagGateCondition(FlagState state, String variant, Double minPercent, Double maxPercent) {

    public FlagGateCondition {
        if (state == null && minPercent == null && maxPercent == null) {
            throw new IllegalArgumentException("flag gate: give a condition: maxPercent or minPercent with variant, "
                    + "or state");
        }
        boolean bounded = minPercent != null || maxPercent != null;
        if (bounded && (variant == null || variant.isEmpty())) {
            throw new IllegalArgumentException("flag gate: variant: name the variant whose share is bounded");
        }
        if (!bounded && variant != null) {
            throw new IllegalArgumentException("flag gate: variant '" + variant + "' needs maxPercent or minPercent");
        }
        check("minPercent", minPercent);
        check("maxPercent", maxPercent);
        if (minPercent != null && maxPercent != null && minPercent > maxPercent) {
            throw new IllegalArgumentException("flag gate: minPercent " + minPercent + " is above maxPercent " + maxPercent);
        }
    }

    public static FlagGateCondition maxPercent(String variant, double percent) {
        return new FlagGateCondition(null, variant, null, percent);
    }

    public static FlagGateCondition state(FlagState state) {
        return new FlagGateCondition(state, null, null, null);
    }

    /** E.g. {@code 'on' <= 25%} or {@code state ENABLED and 'on' >= 10%}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (state != null) {
            parts.add("state " + state);
        }
        if (minPercent != null && maxPercent != null) {
            parts.add("'" + variant + "' " + percent(minPercent) + "-" + percent(maxPercent) + "%");
        } else if (maxPercent != null) {
            parts.add("'" + variant + "' <= " + percent(maxPercent) + "%");
        } else if (minPercent != null) {
            parts.add("'" + variant + "' >= " + percent(minPercent) + "%");
        }
        return String.join(" and ", parts);
    }

    /**
     * Judges the flag as the set holds it now.
     *
     * @param where where the set was read, for the message (e.g. {@code FeatureFlag shop/shop-flags})
     * @param clock the time {@code $flagd.timestamp} ramps are evaluated at
     */
    public FlagGateResult check(FlagSet set, String flagKey, String where, Clock clock) {
        String flag = "flag '" + flagKey + "' (" + where + ")";
        FlagDefinition definition = set.flag(flagKey).orElse(null);
        if (definition == null) {
            return new FlagGateResult(false, flagKey, null, flag + " does not exist; flags there: "
                    + (set.flags().isEmpty() ? "none" : String.join(", ", set.flags().keySet())));
        }
        if (state != null && definition.state() != state) {
            return new FlagGateResult(false, flagKey, null, flag + " is " + definition.state() + ", the gate needs "
                    + state);
        }
        if (variant == null) {
            return new FlagGateResult(true, flagKey, null, flag + " is " + definition.state() + " as the gate needs");
        }
        if (!definition.variants().containsKey(variant)) {
            return new FlagGateResult(false, flagKey, null, flag + " has no variant '" + variant + "'; its variants: "
                    + String.join(", ", definition.variants().keySet()));
        }
        double percent = share(set, definition, clock);
        String measured = String.format(Locale.ROOT, "%s serves '%s' to %.1f%% of %d synthetic users", flag, variant,
                percent, FlagPreview.DEFAULT_SYNTHETIC_USERS);
        if (maxPercent != null && percent > maxPercent) {
            return new FlagGateResult(false, flagKey, percent, measured + ", more than the gate's "
                    + percent(maxPercent) + "%");
        }
        if (minPercent != null && percent < minPercent) {
            return new FlagGateResult(false, flagKey, percent, measured + ", less than the gate's "
                    + percent(minPercent) + "%");
        }
        return new FlagGateResult(true, flagKey, percent, measured + ", within the gate's " + describe());
    }

    private double share(FlagSet set, FlagDefinition definition, Clock clock) {
        Set<String> attributes = BucketingAttributes.of(set, definition.targeting());
        IntFunction<EvaluationContext> user = i -> {
            EvaluationContext context = FlagPreview.syntheticUser(i);
            for (String attribute : attributes) {
                context = context.with(attribute, context.targetingKey());
            }
            return context;
        };
        FlagPreview preview = FlagPreview.of(new PreviewEvaluator(set, clock), definition.key(),
                FlagPreview.DEFAULT_SYNTHETIC_USERS, user, List.of());
        return preview.shares().stream().filter(s -> variant.equals(s.variant())).mapToDouble(FlagPreview.Share::percent)
                .findFirst().orElse(0);
    }

    private static void check(String name, Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > 100)) {
            throw new IllegalArgumentException("flag gate: " + name + " " + value + " is outside 0..100");
        }
    }

    private static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
