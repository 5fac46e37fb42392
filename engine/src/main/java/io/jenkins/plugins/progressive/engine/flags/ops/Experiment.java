package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An A/B(/n) experiment: users no rule matched are split over several variants by integer weights, sticky per user, and
 * the experiment id goes into the flag metadata, which flagd returns with every evaluation (so analytics can tag
 * events with it).
 *
 * @param flag an existing flag
 * @param experimentId the experiment's id, stored as metadata {@code experimentId}
 * @param weights variant → whole-number weight ≥ 0, at least two variants, sum above 0; order is bucket order
 * @param bucketBy the context attribute users are bucketed by, or null for the targeting key
 */
public record Experiment(String flag, String experimentId, Map<String, Long> weights, String bucketBy)
        implements FlagOperation {

    public Experiment {
        Params.flagKey(flag);
        Params.name(experimentId, "experimentId");
        if (weights == null || weights.size() < 2) {
            throw new FlagOperationException("weights must name at least two variants, was "
                    + (weights == null ? "null" : weights.keySet()));
        }
        Map<String, Long> checked = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> entry : weights.entrySet()) {
            Params.name(entry.getKey(), "weights");
            long weight = Params.weight(entry.getValue(), "weights." + entry.getKey());
            checked.put(entry.getKey(), weight);
            total += weight;
        }
        if (total == 0) {
            throw new FlagOperationException("weights sum to 0; at least one variant needs a weight above 0");
        }
        if (total > Integer.MAX_VALUE) {
            throw new FlagOperationException("weights sum to " + total + ", more than flagd allows (" + Integer.MAX_VALUE
                    + ")");
        }
        weights = Collections.unmodifiableMap(checked);
        if (bucketBy != null) {
            Params.name(bucketBy, "bucketBy");
        }
    }

    /**
     * An experiment with weights as a pipeline gives them (any numbers); a weight that is not a whole number is
     * refused naming it ({@code weights.b must be a whole number >= 0 ..., was 12.5}).
     */
    public static Experiment of(String flag, String experimentId, Map<String, ? extends Number> weights,
            String bucketBy) {
        Map<String, Long> whole = null;
        if (weights != null) {
            whole = new LinkedHashMap<>();
            for (Map.Entry<String, ? extends Number> entry : weights.entrySet()) {
                whole.put(entry.getKey(), Params.weight(entry.getValue(), "weights." + entry.getKey()));
            }
        }
        return new Experiment(flag, experimentId, whole, bucketBy);
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "experiment '" + experimentId + "' on '" + flag + "': weights " + weights
                + (bucketBy == null ? "" : ", bucketed by " + bucketBy);
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition current = Params.existing(set, flag);
        weights.keySet().forEach(variant -> Params.variantOf(current, variant, "weights"));
        Object split = Splits.weighted(weights, bucketBy);
        TargetingLayout layout = TargetingLayout.of(current.targeting()).withFallthrough(split);
        return set.withFlag(current.withTargeting(layout.toTargeting())
                .withMetadata(Lifecycle.EXPERIMENT_ID, experimentId));
    }
}
