package io.jenkins.plugins.progressive.engine.analysis;

import io.jenkins.plugins.progressive.engine.analysis.judge.MannWhitney;
import io.jenkins.plugins.progressive.engine.analysis.judge.Outliers;
import io.jenkins.plugins.progressive.engine.analysis.judge.RankComparison;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Series;
import java.util.Arrays;
import java.util.List;

/**
 * The verdict of a {@linkplain Condition.Judged judged} check from the version's and the baseline's points over the
 * lookback. The order of the rules mirrors {@link CheckEvaluator}: no data, an unreduced set of series, or too few
 * points is never a pass; a FAIL needs the rank test's confidence interval to lie beyond the tolerated shift.
 */
final class JudgeEvaluator {

    private JudgeEvaluator() {
    }

    /** What one side's answer gave: its usable points, or why there are none. */
    private record Points(double[] values, int dropped, MeasurementVerdict verdict, String problem) {
    }

    static Measurement judge(MetricCheck check, StatisticalJudge judge, QueryResult.Range version,
            QueryResult.Range baseline, Verdicts out) {
        Points mine = points(check, judge, version);
        if (mine.problem() != null) {
            return out.done(mine.verdict(), List.of(), List.of(), mine.problem());
        }
        Points theirs = points(check, judge, baseline);
        if (theirs.problem() != null) {
            return out.done(theirs.verdict(), List.of(median(mine.values())), List.of(),
                    "baseline: " + theirs.problem());
        }
        RankComparison test = MannWhitney.compare(mine.values(), theirs.values(), judge.confidence());
        double versionMedian = median(mine.values());
        double baselineMedian = median(theirs.values());
        double allowed = judge.allowedShift(baselineMedian);
        boolean higher = judge.direction() != StatisticalJudge.Direction.DECREASE && test.lowerBound() > allowed;
        boolean lower = judge.direction() != StatisticalJudge.Direction.INCREASE && test.upperBound() < -allowed;
        String evidence = "shift " + signed(test.shift()) + " (" + MetricValues.format(judge.confidence() * 100)
                + "% interval " + signed(test.lowerBound()) + " to " + signed(test.upperBound()) + "), allowed "
                + MetricValues.format(allowed) + tolerated(judge, baselineMedian) + "; medians "
                + MetricValues.format(versionMedian) + " vs " + MetricValues.format(baselineMedian) + ", p="
                + MetricValues.format(test.pValue()) + ", " + test.versionSamples() + " vs " + test.baselineSamples()
                + " points" + droppedNote(mine.dropped() + theirs.dropped());
        List<Double> values = List.of(versionMedian);
        List<Double> baselineValues = List.of(baselineMedian);
        if (higher || lower) {
            return out.done(MeasurementVerdict.FAIL, values, baselineValues,
                    (higher ? "higher" : "lower") + " than the baseline beyond the tolerance: " + evidence);
        }
        return out.done(MeasurementVerdict.PASS, values, baselineValues,
                "no significant " + judge.direction().word() + " over the baseline: " + evidence);
    }

    private static Points points(MetricCheck check, StatisticalJudge judge, QueryResult.Range range) {
        List<Series> series = range.series();
        if (series.isEmpty()) {
            return new Points(null, 0, MeasurementVerdict.INCONCLUSIVE,
                    "no data: the query matched no series in the lookback");
        }
        if (series.size() > 1 && check.reduction() != Reduction.EACH) {
            return new Points(null, 0, MeasurementVerdict.ERROR, "the query returned " + series.size()
                    + " series; aggregate it (e.g. sum or avg) or set reduce: 'each' to pool their points");
        }
        // NaN at a step means "no traffic then" (0/0): not a point at all.
        double[] finite = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Series.Point::value)
                .filter(Double::isFinite).toArray();
        double[] thinned = thin(finite, StatisticalJudge.MAX_POINTS);
        double[] kept = Outliers.withinIqr(thinned, judge.outlierFactor());
        if (kept.length < judge.minSamples()) {
            int dropped = thinned.length - kept.length;
            return new Points(null, 0, MeasurementVerdict.INCONCLUSIVE, "only " + kept.length
                    + " usable points in the lookback of " + judge.lookback().toSeconds() + "s, fewer than minSamples "
                    + judge.minSamples() + (dropped > 0 ? " (" + droppedNote(dropped).substring(2) + ")" : ""));
        }
        return new Points(kept, thinned.length - kept.length, null, null);
    }

    /** At most {@code max} values, evenly spaced through the input (many pooled series can exceed the cap). */
    private static double[] thin(double[] values, int max) {
        if (values.length <= max) {
            return values;
        }
        double[] thinned = new double[max];
        for (int i = 0; i < max; i++) {
            thinned[i] = values[(int) ((long) i * values.length / max)];
        }
        return thinned;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String signed(double value) {
        return value > 0 ? "+" + MetricValues.format(value) : MetricValues.format(value);
    }

    private static String tolerated(StatisticalJudge judge, double baselineMedian) {
        return judge.tolerance() * Math.abs(baselineMedian) >= judge.margin()
                ? " (" + MetricValues.format(judge.tolerance() * 100) + "% of the baseline median)" : " (margin)";
    }

    private static String droppedNote(int dropped) {
        return dropped == 0 ? "" : ", " + dropped + (dropped == 1 ? " outlier" : " outliers") + " dropped";
    }

    /** Makes the measurement; {@link CheckEvaluator} supplies the queries and the time. */
    @FunctionalInterface
    interface Verdicts {
        Measurement done(MeasurementVerdict verdict, List<Double> values, List<Double> baselineValues,
                String explanation);
    }
}
