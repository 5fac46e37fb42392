package io.jenkins.plugins.progressive.engine.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    private static final JsonNode SCIPY = ReferenceVectors.load("mannwhitney-scipy.json");

    @Test
    void agreesWithScipyAndNumpy() {
        int withTies = 0;
        int unbounded = 0;
        for (JsonNode vector : SCIPY.get("cases")) {
            String name = vector.get("name").asText();
            RankComparison result = MannWhitney.compare(ReferenceVectors.doubles(vector.get("version")),
                    ReferenceVectors.doubles(vector.get("baseline")), vector.get("confidence").asDouble());

            assertThat(result.u()).as("U of %s", name).isCloseTo(vector.get("u").asDouble(), within(1e-9));
            double p = vector.get("pValue").asDouble();
            assertThat(result.pValue()).as("p-value of %s", name).isCloseTo(p, within(1e-7 * p));
            assertThat(result.shift()).as("shift of %s", name).isCloseTo(vector.get("shift").asDouble(), within(1e-9));
            assertBound(result.lowerBound(), ReferenceVectors.bound(vector.get("lowerBound"), Double.NEGATIVE_INFINITY),
                    "lower bound of " + name);
            assertBound(result.upperBound(), ReferenceVectors.bound(vector.get("upperBound"), Double.POSITIVE_INFINITY),
                    "upper bound of " + name);
            assertThat(result.versionSamples()).isEqualTo(vector.get("version").size());
            assertThat(result.baselineSamples()).isEqualTo(vector.get("baseline").size());
            withTies += vector.get("ties").asBoolean() ? 1 : 0;
            unbounded += result.isBounded() ? 0 : 1;
        }
        assertThat(SCIPY.get("cases").size()).isGreaterThanOrEqualTo(20);
        assertThat(withTies).as("cases with ties").isGreaterThanOrEqualTo(8);
        assertThat(unbounded).as("cases too small for their confidence").isGreaterThanOrEqualTo(1);
    }

    private static void assertBound(double actual, double expected, String what) {
        if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(1e-9));
        }
    }

    /**
     * commons-math3 3.6.1's test is the plain normal approximation: no tie correction of the variance, no continuity
     * correction, and its {@code mannWhitneyU} is max(U1, U2). Compared like with like: same U, the variant of our
     * p-value without either correction. Ties (from rounding) change nothing in that comparison: both sides use
     * average ranks and ignore ties in the variance.
     */
    @Test
    void agreesWithCommonsMathOnSeveralHundredRandomPairs() {
        MannWhitneyUTest commons = new MannWhitneyUTest();
        Random random = new Random(20240611);
        int tied = 0;
        for (int trial = 0; trial < 400; trial++) {
            int n = 10 + random.nextInt(191);
            int m = 10 + random.nextInt(191);
            double shift = random.nextGaussian() * 0.5;
            boolean round = trial % 2 == 1;
            double[] version = sample(random, n, shift, round);
            double[] baseline = sample(random, m, 0, round);

            RankComparison result = MannWhitney.compare(version, baseline, 0.95);
            double pairs = (double) n * m;
            assertThat(Math.max(result.u(), pairs - result.u())).as("trial %s: max(U1, U2)", trial)
                    .isEqualTo(commons.mannWhitneyU(version, baseline));

            double ours = MannWhitney.pValue(result.u(), n, m, 0, false);
            double theirs = commons.mannWhitneyUTest(version, baseline);
            assertThat(Math.abs(ours - theirs)).as("trial %s: p-value %s vs commons-math %s", trial, ours, theirs)
                    .isLessThanOrEqualTo(Math.max(1e-9, 1e-6 * theirs));
            tied += hasTies(version, baseline) ? 1 : 0;
        }
        assertThat(tied).as("trials with ties").isGreaterThan(150);
    }

    private static double[] sample(Random random, int size, double shift, boolean round) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double value = 10 + shift + random.nextGaussian();
            values[i] = round ? Math.round(value * 10) / 10.0 : value;
        }
        return values;
    }

    private static boolean hasTies(double[] version, double[] baseline) {
        double[] pooled = new double[version.length + baseline.length];
        System.arraycopy(version, 0, pooled, 0, version.length);
        System.arraycopy(baseline, 0, pooled, version.length, baseline.length);
        return Arrays.stream(pooled).distinct().count() < pooled.length;
    }

    @Test
    void uCountsThePairsInWhichTheVersionIsHigherAndHalfTheTies() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            double[] version = random.ints(1 + random.nextInt(40), 0, 8).asDoubleStream().toArray();
            double[] baseline = random.ints(1 + random.nextInt(40), 0, 8).asDoubleStream().toArray();
            double pairs = 0;
            for (double x : version) {
                for (double y : baseline) {
                    pairs += x > y ? 1 : x == y ? 0.5 : 0;
                }
            }
            assertThat(MannWhitney.compare(version, baseline, 0.9).u()).isEqualTo(pairs);
        }
    }

    @Test
    void identicalSamplesShowNoShift() {
        double[] sample = new Random(5).doubles(30, 0, 100).toArray();
        RankComparison result = MannWhitney.compare(sample, sample.clone(), 0.98);
        assertThat(result.u()).isEqualTo(450.0);
        assertThat(result.z()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.shift()).isZero();
        assertThat(result.lowerBound()).isNegative();
        assertThat(result.upperBound()).isPositive();
        assertThat(result.confidence()).isEqualTo(0.98);
    }

    @Test
    void allValuesEqualIsNoEvidence() {
        RankComparison result = MannWhitney.compare(new double[] {2, 2, 2, 2}, new double[] {2, 2, 2}, 0.9);
        assertThat(result.z()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.shift()).isZero();
    }

    @Test
    void aShiftedVersionIsFoundAndMeasured() {
        Random random = new Random(11);
        double[] baseline = new double[30];
        double[] version = new double[30];
        for (int i = 0; i < 30; i++) {
            baseline[i] = 100 + random.nextGaussian();
            version[i] = baseline[i] + 5 + random.nextGaussian() * 0.2;
        }
        RankComparison result = MannWhitney.compare(version, baseline, 0.98);
        assertThat(result.shift()).isCloseTo(5, within(0.5));
        assertThat(result.lowerBound()).isPositive().isLessThan(result.shift());
        assertThat(result.upperBound()).isGreaterThan(result.shift());
        assertThat(result.pValue()).isLessThan(0.001);
        assertThat(result.z()).isPositive();

        RankComparison reversed = MannWhitney.compare(baseline, version, 0.98);
        assertThat(reversed.shift()).isEqualTo(-result.shift());
        assertThat(reversed.z()).isEqualTo(-result.z());
        assertThat(reversed.pValue()).isEqualTo(result.pValue());
        assertThat(reversed.u()).isEqualTo(900 - result.u());
    }

    @Test
    void smallSamplesGiveAnUnboundedInterval() {
        RankComparison result = MannWhitney.compare(new double[] {1, 2, 3}, new double[] {4, 5, 6}, 0.98);
        assertThat(result.lowerBound()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(result.upperBound()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(result.isBounded()).isFalse();
        assertThat(result.shift()).isEqualTo(-3.0);
        assertThat(MannWhitney.intervalRank(3, 3, 0.98)).isLessThan(1);
    }

    @Test
    void theIntervalRankIsTheNormalApproximationOfTheUQuantile() {
        // 30·30/2 - 2.326348·√(30·30·61/12) = 450 - 157.35 → 292 (exact qwilcox(0.01, 30, 30) is 294: a bit wider)
        assertThat(MannWhitney.intervalRank(30, 30, 0.98)).isEqualTo(292);
        // 10·10/2 - 1.959964·√(10·10·21/12) = 50 - 25.93 → 24 (R's exact qwilcox(0.025, 10, 10) is 24 too)
        assertThat(MannWhitney.intervalRank(10, 10, 0.95)).isEqualTo(24);
    }

    /** A real statistical property: a 90% interval covers the true shift in about 90% of samples. */
    @Test
    void theIntervalCoversTheTrueShiftAsOftenAsItsConfidenceSays() {
        Random random = new Random(2024);
        int trials = 400;
        int covered = 0;
        for (int trial = 0; trial < trials; trial++) {
            double[] baseline = new double[30];
            double[] version = new double[30];
            for (int i = 0; i < 30; i++) {
                baseline[i] = random.nextGaussian();
                version[i] = 1.0 + random.nextGaussian();
            }
            RankComparison result = MannWhitney.compare(version, baseline, 0.9);
            covered += result.lowerBound() <= 1.0 && 1.0 <= result.upperBound() ? 1 : 0;
        }
        assertThat(covered / (double) trials).isBetween(0.85, 0.95);
    }

    @Test
    void validationNamesTheSampleAndTheIndex() {
        double[] fine = {1, 2, 3, 4, 5};
        assertThatThrownBy(() -> MannWhitney.compare(new double[] {1, 2, 3, Double.NaN}, fine, 0.98))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("version[3] is NaN");
        assertThatThrownBy(() -> MannWhitney.compare(fine, new double[] {Double.POSITIVE_INFINITY}, 0.98))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("baseline[0] is Infinity");
        assertThatThrownBy(() -> MannWhitney.compare(null, fine, 0.98))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("version sample is missing");
        assertThatThrownBy(() -> MannWhitney.compare(fine, new double[0], 0.98))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("baseline sample is empty");
        for (double confidence : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> MannWhitney.compare(fine, fine, confidence))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence");
        }
    }

    @Test
    void samplesAreCappedAtMaxSamples() {
        double[] large = new Random(1).doubles(MannWhitney.MAX_SAMPLES).toArray();
        double[] tooLarge = new Random(2).doubles(MannWhitney.MAX_SAMPLES + 1).toArray();
        assertThatThrownBy(() -> MannWhitney.compare(tooLarge, large, 0.98))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version sample has 2001 values");
        assertThatThrownBy(() -> MannWhitney.compare(large, tooLarge, 0.98))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseline sample has 2001 values");

        // the cap itself is affordable: 4 M differences
        RankComparison result = MannWhitney.compare(large, new Random(3).doubles(MannWhitney.MAX_SAMPLES).toArray(),
                0.98);
        assertThat(result.isBounded()).isTrue();
        assertThat(result.shift()).isCloseTo(0, within(0.05));
    }

    @Test
    void theInputIsLeftAlone() {
        double[] version = {3, 1, 2};
        double[] baseline = {9, 7, 8};
        MannWhitney.compare(version, baseline, 0.9);
        assertThat(version).containsExactly(3, 1, 2);
        assertThat(baseline).containsExactly(9, 7, 8);
    }
}
