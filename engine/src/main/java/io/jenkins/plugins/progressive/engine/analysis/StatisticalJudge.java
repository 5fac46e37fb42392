package io.jenkins.plugins.progressive.engine.analysis;

import io.jenkins.plugins.progressive.engine.analysis.judge.MannWhitney;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a judged check compares the version with its baseline, the way Kayenta's canary judge does: both versions'
 * query is read over the {@code lookback} at every {@code step}, outliers are dropped, and a Mann–Whitney rank test
 * with a Hodges–Lehmann confidence interval for the shift decides. The check fails only when the shift in the
 * direction that hurts is, with the given confidence, larger than the tolerated one; a difference that the data
 * cannot tell from noise passes, and too few points are inconclusive.
 *
 * @param direction which shift hurts: up (latency, errors), down (throughput, hit rate), or either
 * @param tolerance the shift tolerated, relative to the baseline's median ({@code 0.25} = 25%)
 * @param margin the shift tolerated in absolute terms, for baselines at or near zero (an error rate of 0); the
 *     larger of the two applies
 * @param confidence how sure the judge must be before failing, strictly between 0 and 1 ({@code 0.98})
 * @param lookback how far back each measurement reads, ending at the measurement time
 * @param step the resolution of the read; at least the scrape interval, or points repeat
 * @param outlierFactor points beyond {@code factor × IQR} outside the quartiles are dropped; 0 keeps all
 * @param minSamples fewer usable points than this on either side make the measurement inconclusive
 */
public record StatisticalJudge(Direction direction, double tolerance, double margin, double confidence,
        Duration lookback, Duration step, double outlierFactor, int minSamples) {

    /** Kayenta's defaults where it has them (confidence 98%, tolerance 25%, outliers 3 × IQR). */
    public static final StatisticalJudge DEFAULT = new StatisticalJudge(Direction.INCREASE, 0.25, 0, 0.98,
            Duration.ofMinutes(5), Duration.ofSeconds(15), 3.0, 10);

    /** The rank test needs this many points per side before its normal approximation means anything. */
    public static final int MIN_SAMPLES_FLOOR = 5;

    /** At most this many points per side: the shift's interval looks at every pair of points. */
    public static final int MAX_POINTS = MannWhitney.MAX_SAMPLES;

    /** Which way a shift of the version hurts. */
    public enum Direction {
        INCREASE, DECREASE, EITHER;

        /** {@code increase}, {@code decrease} or {@code either}, in any case. */
        public static Direction parse(String text) {
            for (Direction direction : values()) {
                if (direction.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return direction;
                }
            }
            throw new IllegalArgumentException("must be increase, decrease or either, was '" + text + "'");
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws IllegalArgumentException naming the field, e.g. {@code confidence: must be between 0 and 1 ...}
     */
    public StatisticalJudge {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(step, "step");
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance: must be a share of at least 0 (e.g. 25%), was " + tolerance);
        }
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("margin: must be a value of at least 0, was " + margin);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence: must be above 50% and below 100% (e.g. 98%), was "
                    + confidence);
        }
        if (step.toMillis() < 1000) {
            throw new IllegalArgumentException("step: must be at least 1s, was " + step);
        }
        if (lookback.compareTo(step) < 0) {
            throw new IllegalArgumentException("lookback: must be at least one step (" + step + "), was " + lookback);
        }
        long points = lookback.toMillis() / step.toMillis() + 1;
        if (points > MAX_POINTS || points > PrometheusQueries.MAX_RANGE_POINTS) {
            throw new IllegalArgumentException("lookback: " + lookback + " at a step of " + step + " is " + points
                    + " points, more than " + MAX_POINTS + "; use a longer step");
        }
        if (!(outlierFactor >= 0) || !Double.isFinite(outlierFactor)) {
            throw new IllegalArgumentException("outliers: must be a factor of at least 0 (0 keeps every point), was "
                    + outlierFactor);
        }
        if (minSamples < MIN_SAMPLES_FLOOR) {
            throw new IllegalArgumentException("minSamples: must be at least " + MIN_SAMPLES_FLOOR + ", was "
                    + minSamples);
        }
        if (minSamples > points) {
            throw new IllegalArgumentException("minSamples: " + minSamples + " is more than the " + points
                    + " points a lookback of " + lookback + " at a step of " + step + " can hold");
        }
    }

    public StatisticalJudge withDirection(Direction value) {
        return new StatisticalJudge(value, tolerance, margin, confidence, lookback, step, outlierFactor, minSamples);
    }

    public StatisticalJudge withTolerance(double value) {
        return new StatisticalJudge(direction, value, margin, confidence, lookback, step, outlierFactor, minSamples);
    }

    public StatisticalJudge withMargin(double value) {
        return new StatisticalJudge(direction, tolerance, value, confidence, lookback, step, outlierFactor, minSamples);
    }

    public StatisticalJudge withConfidence(double value) {
        return new StatisticalJudge(direction, tolerance, margin, value, lookback, step, outlierFactor, minSamples);
    }

    /** Another lookback and step together (each alone might not fit the other). */
    public StatisticalJudge withRange(Duration newLookback, Duration newStep) {
        return new StatisticalJudge(direction, tolerance, margin, confidence, newLookback, newStep, outlierFactor,
                minSamples);
    }

    public StatisticalJudge withOutlierFactor(double value) {
        return new StatisticalJudge(direction, tolerance, margin, confidence, lookback, step, value, minSamples);
    }

    public StatisticalJudge withMinSamples(int value) {
        return new StatisticalJudge(direction, tolerance, margin, confidence, lookback, step, outlierFactor, value);
    }

    /** The shift tolerated for a baseline with this median. */
    public double allowedShift(double baselineMedian) {
        return Math.max(tolerance * Math.abs(baselineMedian), margin);
    }

    /** For explanations and the page: {@code no increase over baseline beyond 25% (98% confidence)}. */
    public String describe() {
        String beyond = MetricValues.format(tolerance * 100) + "%" + (margin > 0 ? " or " + MetricValues.format(margin)
                : "");
        return "no " + direction.word() + " over baseline beyond " + beyond + " ("
                + MetricValues.format(confidence * 100) + "% confidence, Mann-Whitney)";
    }
}
