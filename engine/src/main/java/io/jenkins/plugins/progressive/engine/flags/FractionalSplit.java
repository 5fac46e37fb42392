package io.jenkins.plugins.progressive.engine.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The distributions of one {@code fractional} call, checked as flagd checks them: each is {@code [variant,
 * weight?]}; the variant a string, boolean, number or null; the weight an integer (default 1, negative counts as 0,
 * at most 2^31-1 in total).
 *
 * @param buckets the variants in order with their weights
 * @param totalWeight the sum of the weights
 */
record FractionalSplit(List<Bucket> buckets, long totalWeight) {

    static final long MAX_TOTAL_WEIGHT = Integer.MAX_VALUE;

    /**
     * One variant's share.
     *
     * @param variant what the operator returns for users in this bucket
     * @param weight its integer weight, never negative
     */
    record Bucket(Object variant, long weight) {
    }

    /** The split, or empty when flagd would reject it (and {@code fractional} return null). */
    static Optional<FractionalSplit> parse(List<?> distributions) {
        try {
            return Optional.of(parseOrThrow(distributions));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The split.
     *
     * @throws IllegalArgumentException naming what flagd would reject
     */
    static FractionalSplit parseOrThrow(List<?> distributions) {
        List<Bucket> buckets = new ArrayList<>(distributions.size());
        long total = 0;
        for (Object distribution : distributions) {
            if (!(distribution instanceof List<?> pair) || pair.isEmpty()) {
                throw new IllegalArgumentException("each distribution must be an array [variant, weight], was "
                        + JsonValues.toJson(distribution));
            }
            Object variant = pair.get(0);
            if (variant instanceof List || variant instanceof java.util.Map) {
                throw new IllegalArgumentException("a variant must be a string, boolean, number or null, was "
                        + JsonValues.toJson(variant));
            }
            long weight = weight(pair.size() > 1 ? pair.get(1) : null, variant);
            total += weight;
            buckets.add(new Bucket(variant, weight));
        }
        if (total > MAX_TOTAL_WEIGHT) {
            throw new IllegalArgumentException("the weights sum to " + total + ", more than " + MAX_TOTAL_WEIGHT);
        }
        return new FractionalSplit(List.copyOf(buckets), total);
    }

    static long weight(Object raw, Object variant) {
        if (raw == null) {
            return 1;
        }
        if (!(raw instanceof Number number)) {
            throw new IllegalArgumentException("the weight of variant " + JsonValues.toJson(variant)
                    + " must be a number, was " + JsonValues.toJson(raw));
        }
        double weight = number.doubleValue();
        if (weight != Math.rint(weight) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("the weight of variant " + JsonValues.toJson(variant) + " is "
                    + Coercion.formatNumber(weight) + ", not an integer (write 12.5% as 125 of 1000)");
        }
        if (weight > MAX_TOTAL_WEIGHT) {
            throw new IllegalArgumentException("the weight of variant " + JsonValues.toJson(variant) + " is "
                    + Coercion.formatNumber(weight) + ", more than " + MAX_TOTAL_WEIGHT);
        }
        return Math.max(0, (long) weight);
    }

    /** The variant for a bucketing value; null when all weights are 0. */
    Object variantFor(String bucketBy) {
        if (totalWeight == 0) {
            return null;
        }
        long bucket = Integer.toUnsignedLong(MurmurHash3.hash32(bucketBy)) * totalWeight >>> 32;
        long end = 0;
        for (Bucket candidate : buckets) {
            end += candidate.weight();
            if (bucket < end) {
                return candidate.variant();
            }
        }
        throw new IllegalStateException("bucket " + bucket + " beyond total weight " + totalWeight);
    }
}
