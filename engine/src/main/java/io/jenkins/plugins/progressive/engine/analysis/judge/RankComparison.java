package io.jenkins.plugins.progressive.engine.analysis.judge;

/**
 * What the Mann-Whitney (Wilcoxon rank-sum) comparison of a version's sample with the baseline's found: whether the
 * two differ in location, by how much, and how sure that estimate is. The canary judge decides on the interval: a
 * metric whose whole interval lies beyond its allowed shift has moved.
 *
 * @param versionSamples n, the size of the version's (canary's) sample
 * @param baselineSamples m, the size of the baseline's sample
 * @param u the Mann-Whitney U of the version's sample: the number of pairs (x from the version, y from the
 *        baseline) with x &gt; y, plus one half per tied pair; between 0 and n·m, n·m/2 when neither tends higher
 * @param z the standardized U of the two-sided normal approximation, with tie correction of the variance and a
 *        continuity correction of 0.5 towards n·m/2; positive when the version tends higher; 0 when all values are
 *        equal
 * @param pValue the two-sided p-value of "both samples come from the same distribution", as R's
 *        {@code wilcox.test(x, y, correct = TRUE, exact = FALSE)} and scipy's
 *        {@code mannwhitneyu(x, y, method='asymptotic', use_continuity=True)} give it; 1 when all values are equal
 * @param shift the Hodges-Lehmann estimate of the location shift version − baseline: the median of the n·m pairwise
 *        differences x − y
 * @param lowerBound the lower end of the distribution-free confidence interval for the shift at {@code confidence};
 *        {@link Double#NEGATIVE_INFINITY} when the samples are too small for that confidence
 * @param upperBound the upper end of that interval; {@link Double#POSITIVE_INFINITY} when the samples are too small
 * @param confidence the confidence level of the interval, e.g. 0.98
 */
public record RankComparison(int versionSamples, int baselineSamples, double u, double z, double pValue, double shift,
                             double lowerBound, double upperBound, double confidence) {

    /** Whether the samples were large enough for a finite interval at {@link #confidence()}. */
    public boolean isBounded() {
        return Double.isFinite(lowerBound) && Double.isFinite(upperBound);
    }
}
