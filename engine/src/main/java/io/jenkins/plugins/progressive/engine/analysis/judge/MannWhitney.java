package io.jenkins.plugins.progressive.engine.analysis.judge;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum test) of a version's sample against the baseline's, with the
 * Hodges-Lehmann estimate of the shift between them and its distribution-free confidence interval: the statistics
 * Kayenta's canary judge decides on. Rank-based, so one wild sample moves nothing much and no distribution is assumed.
 *
 * <p>The p-value is the normal approximation with tie and continuity correction (what R's {@code wilcox.test} does
 * with {@code exact = FALSE}, and scipy's {@code mannwhitneyu} with {@code method='asymptotic'}). The interval is
 * the normal approximation of the order-statistic interval that R's {@code wilcox.test(conf.int = TRUE)} computes
 * in its exact case ({@code [d(qu), d(nm-qu+1)]} with {@code qu = qwilcox(alpha/2, n, m)}): {@code k} comes from
 * the normal quantile instead of the exact distribution of U and ties are not corrected for. It is meant for
 * samples of 10 or more a side; with fewer its actual coverage drifts from the nominal one, and when k would fall
 * below 1 the interval is reported unbounded instead of wider than the data.
 */
public final class MannWhitney {

    /**
     * The most values one sample may have. The estimate and interval are order statistics of all n·m pairwise
     * differences, selected without building them ({@link PairwiseDifferences}), so the cost is linear in n + m;
     * the cap bounds the rank test's sorting and a judge's range queries. A canary sample is a metric's points
     * over the analysis window, far fewer.
     */
    public static final int MAX_SAMPLES = 2000;

    private MannWhitney() {
    }

    /**
     * Compares the version's sample with the baseline's. Neither array is changed. (Values so large that their
     * differences overflow a double, beyond about ±8e307, give an infinite or NaN shift; no metric comes near.)
     *
     * @param version the version's (canary's) values, e.g. a metric's points over the analysis window
     * @param baseline the baseline's values over the same window
     * @param confidence the confidence level of the shift's interval, strictly between 0 and 1 (Kayenta uses 0.98)
     * @throws IllegalArgumentException if a sample is missing, empty, larger than {@link #MAX_SAMPLES} or holds a
     *         value that is not finite (the message names the sample and the index), or confidence is out of range
     */
    public static RankComparison compare(double[] version, double[] baseline, double confidence) {
        validate("version", version);
        validate("baseline", baseline);
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, was " + confidence);
        }
        int n = version.length;
        int m = baseline.length;
        double[] x = version.clone();
        double[] y = baseline.clone();
        Arrays.sort(x);
        Arrays.sort(y);

        RankSum ranks = rankSum(x, y);
        double u = ranks.sum() - n * (n + 1.0) / 2;
        double z = z(u, n, m, ranks.tieTerm(), true);

        PairwiseDifferences differences = new PairwiseDifferences(x, y);
        double shift = differences.median();
        long k = intervalRank(n, m, confidence);
        double lower = Double.NEGATIVE_INFINITY;
        double upper = Double.POSITIVE_INFINITY;
        if (k >= 1) {
            lower = differences.select(k);
            upper = differences.select(differences.size() - k + 1);
        }
        return new RankComparison(n, m, u, z, twoSidedPValue(z), shift, lower, upper, confidence);
    }

    private static void validate(String name, double[] sample) {
        if (sample == null) {
            throw new IllegalArgumentException(name + " sample is missing");
        }
        if (sample.length == 0) {
            throw new IllegalArgumentException(name + " sample is empty");
        }
        if (sample.length > MAX_SAMPLES) {
            throw new IllegalArgumentException(name + " sample has " + sample.length + " values, more than the "
                    + MAX_SAMPLES + " a comparison takes; sample the series more coarsely");
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Double.isFinite(sample[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + sample[i]
                        + "; every value must be a finite number");
            }
        }
    }

    /** The version's rank sum in the pooled sample (ties get their average rank) and the ties' Σ(t³ − t). */
    record RankSum(double sum, double tieTerm) {
    }

    /**
     * Ranks the pooled sample by merging the two sorted samples: the same order as sorting the pool, but each value
     * keeps the sample it came from without an index array or boxing. Sums stay exact: ranks are halves of
     * integers and n + m ≤ 4000.
     */
    static RankSum rankSum(double[] sortedVersion, double[] sortedBaseline) {
        int i = 0;
        int j = 0;
        long before = 0;
        double sum = 0;
        double tieTerm = 0;
        while (i < sortedVersion.length || j < sortedBaseline.length) {
            boolean versionNext = j == sortedBaseline.length
                    || (i < sortedVersion.length && sortedVersion[i] <= sortedBaseline[j]);
            double value = versionNext ? sortedVersion[i] : sortedBaseline[j];
            int fromVersion = 0;
            while (i < sortedVersion.length && sortedVersion[i] == value) {
                i++;
                fromVersion++;
            }
            int fromBaseline = 0;
            while (j < sortedBaseline.length && sortedBaseline[j] == value) {
                j++;
                fromBaseline++;
            }
            long tied = fromVersion + fromBaseline;
            double averageRank = before + (tied + 1) / 2.0;
            sum += fromVersion * averageRank;
            tieTerm += (double) (tied * tied * tied - tied);
            before += tied;
        }
        return new RankSum(sum, tieTerm);
    }

    /**
     * The standardized U: (U − n·m/2), moved 0.5 towards 0 with {@code continuity}, over the standard deviation of
     * U under the null hypothesis, shrunk for ties by {@code tieTerm} = Σ(t³ − t) over groups of t tied values.
     * 0 when that deviation is 0 (every value equal): no evidence either way.
     */
    static double z(double u, int n, int m, double tieTerm, boolean continuity) {
        double mean = (double) n * m / 2;
        double total = (double) n + m;
        double variance = (double) n * m / 12 * ((total + 1) - tieTerm / (total * (total - 1)));
        if (!(variance > 0)) {
            return 0;
        }
        double deviation = u - mean;
        if (continuity) {
            // U moves in steps of 0.5 or more, so the correction never pushes it across the mean
            deviation -= Math.signum(deviation) * 0.5;
        }
        return deviation / Math.sqrt(variance);
    }

    /** The two-sided p-value for a U (see {@link #z}); 1 when there is no evidence either way. */
    static double pValue(double u, int n, int m, double tieTerm, boolean continuity) {
        return twoSidedPValue(z(u, n, m, tieTerm, continuity));
    }

    private static double twoSidedPValue(double z) {
        // 2·Φ(-|z|) rather than 2·(1 - Φ(|z|)): the lower tail keeps its relative precision for tiny p-values
        return Math.min(1.0, 2 * StandardNormal.cdf(-Math.abs(z)));
    }

    /**
     * k of the interval [d(k), d(nm − k + 1)]: floor(n·m/2 − z*·√(n·m·(n + m + 1)/12)) with z* the normal quantile
     * at (1 + confidence)/2, i.e. the normal approximation of the α/2 quantile of U. Below 1 when the samples are
     * too small for the confidence.
     */
    static long intervalRank(int n, int m, double confidence) {
        double pairs = (double) n * m;
        double zStar = StandardNormal.quantile((1 + confidence) / 2);
        return (long) Math.floor(pairs / 2 - zStar * Math.sqrt(pairs * (n + m + 1) / 12));
    }
}
