package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * A judged check compares the version's points with the baseline's: it fails only when the shift that hurts is
 * beyond the tolerance with the judge's confidence, and anything short of enough clean points is never a pass.
 */
class JudgedCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");
    private static final MetricCheck LATENCY = MetricCheck.judged("latency", "q", StatisticalJudge.DEFAULT
            .withRange(Duration.ofSeconds(60), Duration.ofSeconds(2)));

    @Test
    void aVersionLikeItsBaselinePassesAndSaysWhy() {
        Random random = new Random(1);
        Measurement m = evaluate(LATENCY, series(30, () -> 0.1 + random.nextGaussian() * 0.005),
                series(30, () -> 0.1 + random.nextGaussian() * 0.005));

        assertThat(m.verdict()).as(m.explanation()).isEqualTo(MeasurementVerdict.PASS);
        assertThat(m.explanation()).startsWith("no significant increase over the baseline: shift ")
                .contains("% interval", "allowed 0.02", "(25% of the baseline median)", "30 vs 30 points");
        assertThat(m.values()).singleElement().satisfies(v -> assertThat(v).isCloseTo(0.1, offset(0.005)));
        assertThat(m.baselineValues()).hasSize(1);
        assertThat(m.baselineQuery()).isEqualTo("baseline");
    }

    @Test
    void aClearlySlowerVersionFailsWithTheShiftAndItsInterval() {
        Random random = new Random(2);
        Measurement m = evaluate(LATENCY, series(30, () -> 0.16 + random.nextGaussian() * 0.01),
                series(30, () -> 0.1 + random.nextGaussian() * 0.01));

        assertThat(m.verdict()).isEqualTo(MeasurementVerdict.FAIL);
        assertThat(m.explanation()).startsWith("higher than the baseline beyond the tolerance: shift +0.0")
                .contains("allowed 0.025");
    }

    @Test
    void aShiftWithinTheToleranceOrInTheHarmlessDirectionPasses() {
        Random random = new Random(3);
        // 10% slower, clearly significant, but the tolerance is 25%
        assertThat(evaluate(LATENCY, series(40, () -> 0.11 + random.nextGaussian() * 0.002),
                series(40, () -> 0.1 + random.nextGaussian() * 0.002)).verdict()).isEqualTo(MeasurementVerdict.PASS);
        // much faster: only an increase hurts
        assertThat(evaluate(LATENCY, series(30, () -> 0.05 + random.nextGaussian() * 0.002),
                series(30, () -> 0.1 + random.nextGaussian() * 0.002)).verdict()).isEqualTo(MeasurementVerdict.PASS);
        MetricCheck either = LATENCY.withJudge(LATENCY.judge().orElseThrow().withDirection(StatisticalJudge.Direction.EITHER));
        Measurement lower = evaluate(either, series(30, () -> 0.05 + random.nextGaussian() * 0.002),
                series(30, () -> 0.1 + random.nextGaussian() * 0.002));
        assertThat(lower.verdict()).isEqualTo(MeasurementVerdict.FAIL);
        assertThat(lower.explanation()).startsWith("lower than the baseline");
    }

    @Test
    void aZeroBaselineIsJudgedAgainstTheMargin() {
        Random random = new Random(4);
        MetricCheck errors = MetricCheck.judged("errors", "q", StatisticalJudge.DEFAULT
                .withRange(Duration.ofSeconds(60), Duration.ofSeconds(2)));
        // 25% of a zero median tolerates nothing: any significant error rate fails
        assertThat(evaluate(errors, series(30, () -> 0.002 + random.nextDouble() * 0.001), series(30, () -> 0.0))
                .verdict()).isEqualTo(MeasurementVerdict.FAIL);
        MetricCheck withMargin = errors.withJudge(errors.judge().orElseThrow().withMargin(0.005));
        Measurement m = evaluate(withMargin, series(30, () -> 0.002 + random.nextDouble() * 0.001), series(30, () -> 0.0));
        assertThat(m.verdict()).as(m.explanation()).isEqualTo(MeasurementVerdict.PASS);
        assertThat(m.explanation()).contains("allowed 0.005 (margin)");
    }

    @Test
    void tooFewPointsNoDataAndGapsAreInconclusive() {
        Measurement few = evaluate(LATENCY, series(6, () -> 0.1), series(30, () -> 0.1));
        assertThat(few.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(few.explanation()).isEqualTo("only 6 usable points in the lookback of 60s, fewer than minSamples 10");

        Measurement none = evaluate(LATENCY, new QueryResult.Range(List.of()), series(30, () -> 0.1));
        assertThat(none.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(none.explanation()).contains("no data");

        // NaN is a step without traffic: not a point
        int[] i = {0};
        Measurement gaps = evaluate(LATENCY, series(30, () -> i[0]++ % 4 == 0 ? 0.1 : Double.NaN), series(30, () -> 0.1));
        assertThat(gaps.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(gaps.explanation()).startsWith("only 8 usable points");

        Measurement baselineGone = evaluate(LATENCY, series(30, () -> 0.1), new QueryResult.Range(List.of()));
        assertThat(baselineGone.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(baselineGone.explanation()).startsWith("baseline: no data");
    }

    @Test
    void severalSeriesAreAnErrorUnlessPooledWithEach() {
        Random random = new Random(5);
        QueryResult.Range twoPods = new QueryResult.Range(List.of(
                one(Map.of("pod", "a"), 15, () -> 0.1 + random.nextGaussian() * 0.002),
                one(Map.of("pod", "b"), 15, () -> 0.1 + random.nextGaussian() * 0.002)));
        Measurement unreduced = evaluate(LATENCY, twoPods, series(30, () -> 0.1));
        assertThat(unreduced.verdict()).isEqualTo(MeasurementVerdict.ERROR);
        assertThat(unreduced.explanation()).contains("2 series", "reduce: 'each'");

        Measurement pooled = evaluate(LATENCY.withReduction(Reduction.EACH), twoPods,
                series(30, () -> 0.1 + random.nextGaussian() * 0.002));
        assertThat(pooled.verdict()).as(pooled.explanation()).isEqualTo(MeasurementVerdict.PASS);
        assertThat(pooled.explanation()).contains("30 vs 30 points");
        assertThatThrownBy(() -> LATENCY.withReduction(Reduction.MAX)).isInstanceOf(PlanException.class)
                .hasMessageContaining("check 'latency': reduce:");
    }

    @Test
    void farOutliersAreDroppedBeforeTheTest() {
        Random random = new Random(6);
        int[] i = {0};
        // one 10-second hiccup in thirty points would dominate a mean, not the judge
        Measurement m = evaluate(LATENCY, series(30, () -> i[0]++ == 7 ? 10.0 : 0.1 + random.nextGaussian() * 0.002),
                series(30, () -> 0.1 + random.nextGaussian() * 0.002));
        assertThat(m.verdict()).isEqualTo(MeasurementVerdict.PASS);
        assertThat(m.explanation()).endsWith("1 outlier dropped");
    }

    @Test
    void prometheusFailuresAreErrorsAsForAnyCheck() {
        Measurement down = evaluate(LATENCY, new QueryResult.Failure(FailureKind.TIMEOUT, "no answer"), series(30, () -> 0.1));
        assertThat(down.verdict()).isEqualTo(MeasurementVerdict.ERROR);
        Measurement rejected = evaluate(LATENCY, series(30, () -> 0.1),
                new QueryResult.Failure(FailureKind.BAD_QUERY, "parse error"));
        assertThat(rejected.fatal()).isTrue();
    }

    @Test
    void theJudgeRefusesSettingsThatCannotWork() {
        StatisticalJudge judge = StatisticalJudge.DEFAULT;
        assertThatThrownBy(() -> judge.withConfidence(1.0)).hasMessageStartingWith("confidence: ");
        assertThatThrownBy(() -> judge.withConfidence(0.3)).hasMessageStartingWith("confidence: ");
        assertThatThrownBy(() -> judge.withTolerance(-0.1)).hasMessageStartingWith("tolerance: ");
        assertThatThrownBy(() -> judge.withRange(Duration.ofSeconds(5), Duration.ofMillis(500)))
                .hasMessageStartingWith("step: ");
        assertThatThrownBy(() -> judge.withRange(Duration.ofHours(24), Duration.ofSeconds(1)))
                .hasMessageStartingWith("lookback: ").hasMessageContaining("86401 points");
        assertThatThrownBy(() -> judge.withRange(Duration.ofSeconds(60), Duration.ofSeconds(15)))
                .hasMessageStartingWith("minSamples: 10 is more than the 5 points");
        assertThatThrownBy(() -> judge.withMinSamples(3)).hasMessageStartingWith("minSamples: must be at least 5");
        assertThatThrownBy(() -> judge.withOutlierFactor(Double.NaN)).hasMessageStartingWith("outliers: ");
        assertThat(judge.describe()).isEqualTo("no increase over baseline beyond 25% (98% confidence, Mann-Whitney)");
        assertThat(LATENCY.condition().isComparative()).isTrue();
    }

    // --- helpers

    private static Measurement evaluate(MetricCheck check, QueryResult version, QueryResult baseline) {
        return CheckEvaluator.evaluate(check, new CheckEvaluator.Answers("resolved", version, "baseline", baseline,
                null, null), NOW);
    }

    private static QueryResult.Range series(int points, DoubleSupplier values) {
        return new QueryResult.Range(List.of(one(Map.of(), points, values)));
    }

    private static Series one(Map<String, String> labels, int points, DoubleSupplier values) {
        List<Series.Point> list = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            list.add(new Series.Point(NOW.minusSeconds(2L * (points - i)), values.getAsDouble()));
        }
        return new Series(labels, list);
    }
}
