package io.jenkins.plugins.progressive.engine.analysis.judge;

import java.util.Arrays;

/**
 * Tukey's fences: drops the values far outside a sample's interquartile range before the judge compares samples, so
 * that one scrape during a pod's restart does not stand for the version. Kayenta removes outliers this way, with a
 * factor of 3.0 by default (Tukey's "far out"; 1.5 is his "outside").
 */
public final class Outliers {

    private Outliers() {
    }

    /**
     * The values within [Q1 − factor·IQR, Q3 + factor·IQR], in their input order. Quartiles interpolate linearly
     * between order statistics (R's type 7, numpy's default). An empty sample gives an empty result.
     *
     * @param values the sample; every value must be finite
     * @param factor how many IQRs beyond the quartiles a value may lie (Kayenta's default is 3.0); 0 turns the
     *        filter off and keeps every value, rather than keeping only the middle half
     * @return a new array, also when nothing was dropped
     * @throws IllegalArgumentException if values is missing or holds a value that is not finite (the message names
     *         the index), or factor is negative or not finite
     */
    public static double[] withinIqr(double[] values, double factor) {
        if (!Double.isFinite(factor) || factor < 0) {
            throw new IllegalArgumentException("the outlier factor must be a finite number of at least 0, was "
                    + factor);
        }
        if (values == null) {
            throw new IllegalArgumentException("values are missing");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] is " + values[i]
                        + "; every value must be a finite number");
            }
        }
        if (factor == 0 || values.length == 0) {
            return values.clone();
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        double low = q1 - factor * (q3 - q1);
        double high = q3 + factor * (q3 - q1);

        double[] kept = new double[values.length];
        int count = 0;
        for (double value : values) {
            if (value >= low && value <= high) {
                kept[count++] = value;
            }
        }
        return count == kept.length ? kept : Arrays.copyOf(kept, count);
    }

    /**
     * The quantile at {@code probability} of a sorted, non-empty sample, interpolated linearly between the order
     * statistics around the position (n − 1)·probability (R's type 7, numpy's {@code method='linear'}).
     */
    static double quantile(double[] sorted, double probability) {
        double position = (sorted.length - 1) * probability;
        int below = (int) Math.floor(position);
        if (below + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        double fraction = position - below;
        double a = sorted[below];
        double b = sorted[below + 1];
        // Interpolating from the nearer neighbour, as numpy does, keeps the result between a and b and equal to b
        // at fraction 1, where a + (b − a)·1 may round off.
        return fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction;
    }
}
