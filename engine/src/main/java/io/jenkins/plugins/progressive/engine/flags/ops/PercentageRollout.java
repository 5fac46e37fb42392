package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives {@code variant} to a sticky {@code percentage} of the users no rule matched, {@code otherVariant} to the rest:
 * the fallthrough of the targeting becomes a flagd {@code fractional} split (rules stay in front of it). With a ramp,
 * the share grows from {@code ramp.fromPercentage} to {@code percentage} in steps between two instants, written as
 * rules on {@code $flagd.timestamp} that flagd evaluates by itself; no pipeline has to stay around to move it.
 *
 * <p>The stage becomes {@code rolling-out}, or {@code fully-on} at 100% without a ramp.
 *
 * @param flag an existing flag
 * @param variant the variant rolled out, e.g. {@code on}
 * @param otherVariant what everyone else gets, or null for the flag's default variant
 * @param percentage 0..100, at most two decimals
 * @param bucketBy the context attribute users are bucketed by, or null for the targeting key
 * @param ramp a time ramp towards {@code percentage}, or null for a fixed split
 */
public record PercentageRollout(String flag, String variant, String otherVariant, double percentage, String bucketBy,
        Ramp ramp) implements FlagOperation {

    public PercentageRollout {
        Params.flagKey(flag);
        Params.name(variant, "variant");
        if (otherVariant != null) {
            Params.name(otherVariant, "otherVariant");
            if (otherVariant.equals(variant)) {
                throw new FlagOperationException("otherVariant must differ from variant, both were '" + variant + "'");
            }
        }
        Params.percentage(percentage, "percentage");
        if (bucketBy != null) {
            Params.name(bucketBy, "bucketBy");
        }
    }

    /** A fixed split bucketed by targeting key. */
    public static PercentageRollout of(String flag, String variant, double percentage) {
        return new PercentageRollout(flag, variant, null, percentage, null, null);
    }

    /**
     * From {@code fromPercentage} (before and at {@code start}) to the rollout's percentage (at {@code end} and after),
     * in {@code steps} equal steps of time and share.
     */
    public record Ramp(double fromPercentage, Instant start, Instant end, int steps) {

        /** More steps than this make a rule flagd evaluates on every request longer than it is worth. */
        public static final int MAX_STEPS = 100;

        public Ramp {
            Params.percentage(fromPercentage, "ramp.from");
            if (start == null || end == null || !end.isAfter(start)) {
                throw new FlagOperationException("ramp.end must be after ramp.start, was " + start + " .. " + end);
            }
            if (steps < 1 || steps > MAX_STEPS) {
                throw new FlagOperationException("ramp.steps must be 1.." + MAX_STEPS + ", was " + steps);
            }
        }
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        String to = "'" + variant + "' " + Params.format(percentage) + "%";
        return "percentage rollout of '" + flag + "': " + (ramp == null ? to : "'" + variant + "' "
                + Params.format(ramp.fromPercentage()) + "% at " + ramp.start() + " to " + Params.format(percentage)
                + "% at " + ramp.end() + " in " + ramp.steps() + " steps")
                + (bucketBy == null ? "" : ", bucketed by " + bucketBy);
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition current = Params.existing(set, flag);
        Params.variantOf(current, variant, "variant");
        String other = otherVariant != null ? otherVariant : current.defaultVariant();
        if (other == null) {
            throw new FlagOperationException("otherVariant: flag '" + flag + "' has no default variant; name the "
                    + "variant everyone else gets");
        }
        Params.variantOf(current, other, otherVariant != null ? "otherVariant" : "otherVariant (the default)");
        if (other.equals(variant)) {
            throw new FlagOperationException("otherVariant: '" + variant + "' is the default variant of flag '" + flag
                    + "'; name the variant everyone else gets");
        }
        Object split = ramp == null ? Splits.percentage(variant, other, percentage, bucketBy) : rampRule(other);
        TargetingLayout layout = TargetingLayout.of(current.targeting()).withFallthrough(split);
        FlagDefinition changed = current.withTargeting(layout.toTargeting());
        Lifecycle.Stage stage = ramp == null && percentage == 100 ? Lifecycle.Stage.FULLY_ON
                : ramp == null && percentage == 0 ? null : Lifecycle.Stage.ROLLING_OUT;
        if (stage != null) {
            changed = Lifecycle.withStage(changed, stage, now);
        }
        return set.withFlag(changed);
    }

    /**
     * {@code if ts < start+Δ: from%; ts < start+2Δ: from+δ; ...; else: to%}: step k of n holds from its start until the
     * next. The rolled-out variant comes first in every split, so a rising ramp only ever moves users towards it.
     */
    private Map<String, Object> rampRule(String other) {
        List<Object> args = new ArrayList<>();
        long start = ramp.start().getEpochSecond();
        long span = ramp.end().getEpochSecond() - start;
        for (int k = 0; k < ramp.steps(); k++) {
            long until = start + span * (k + 1) / ramp.steps();
            double share = ramp.fromPercentage() + (percentage - ramp.fromPercentage()) * k / ramp.steps();
            double rounded = Math.round(share * 100) / 100.0;
            args.add(Map.of("<", List.of(Map.of("var", TargetingLayout.TIMESTAMP), until)));
            args.add(Splits.percentage(variant, other, rounded, bucketBy));
        }
        args.add(Splits.percentage(variant, other, percentage, bucketBy));
        return Map.of("if", args);
    }
}
