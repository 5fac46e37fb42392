package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anything that is not a clean value with enough traffic is never a pass. */
class CheckEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");
    private static final MetricCheck ERROR_RATE = MetricCheck.of("errorRate", "q", "< 1%");

    @Test
    void cleanValueBelowThresholdPassesAndExplainsItself() {
        Measurement m = evaluate(ERROR_RATE, values(0.004));
        assertThat(m.verdict()).isEqualTo(MeasurementVerdict.PASS);
        assertThat(m.explanation()).isEqualTo("0.004 meets < 1%");
        assertThat(m.values()).containsExactly(0.004);
        assertThat(m.query()).isEqualTo("resolved");
        assertThat(m.time()).isEqualTo(NOW);
    }

    @Test
    void valueAboveThresholdFails() {
        Measurement m = evaluate(ERROR_RATE, values(0.052));
        assertThat(m.verdict()).isEqualTo(MeasurementVerdict.FAIL);
        assertThat(m.explanation()).isEqualTo("0.052 violates < 1%");
    }

    @Test
    void noDataNanAndInfinityAreInconclusiveNeverPass() {
        assertThat(evaluate(ERROR_RATE, values()).verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(evaluate(ERROR_RATE, values()).explanation()).contains("no data");
        assertThat(evaluate(ERROR_RATE, values(Double.NaN)).verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(evaluate(ERROR_RATE, values(Double.POSITIVE_INFINITY)).verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(evaluate(ERROR_RATE.withCondition("> 1"), values(Double.POSITIVE_INFINITY)).verdict())
                .as("+Inf would satisfy '> 1' numerically, but it is no measurement").isEqualTo(MeasurementVerdict.INCONCLUSIVE);
    }

    @Test
    void prometheusFailuresAreErrorsAndARejectedQueryIsFatal() {
        Measurement down = evaluate(ERROR_RATE, new QueryResult.Failure(FailureKind.UNREACHABLE, "connection refused"));
        assertThat(down.verdict()).isEqualTo(MeasurementVerdict.ERROR);
        assertThat(down.fatal()).isFalse();
        assertThat(down.explanation()).isEqualTo("could not measure (unreachable): connection refused");
        Measurement rejected = evaluate(ERROR_RATE,
                new QueryResult.Failure(FailureKind.BAD_QUERY, "1:5: parse error: unclosed left parenthesis"));
        assertThat(rejected.fatal()).isTrue();
        assertThat(rejected.explanation()).isEqualTo("Prometheus rejected the query: 1:5: parse error: unclosed left parenthesis");
    }

    @Test
    void severalSeriesAreAnErrorUnlessTheCheckSaysHowToReduceThem() {
        QueryResult three = values(0.001, 0.02, 0.003);
        assertThat(evaluate(ERROR_RATE, three).verdict()).isEqualTo(MeasurementVerdict.ERROR);
        assertThat(evaluate(ERROR_RATE, three).explanation()).contains("returned 3 series");
        assertThat(evaluate(ERROR_RATE.withReduction(Reduction.MAX), three).verdict()).isEqualTo(MeasurementVerdict.FAIL);
        assertThat(evaluate(ERROR_RATE.withReduction(Reduction.MIN), three).verdict()).isEqualTo(MeasurementVerdict.PASS);
        Measurement each = evaluate(ERROR_RATE.withReduction(Reduction.EACH), three);
        assertThat(each.verdict()).isEqualTo(MeasurementVerdict.FAIL);
        assertThat(each.explanation()).isEqualTo("[0.001, 0.02, 0.003] violates < 1%");
    }

    @Test
    void tooLittleTrafficIsInconclusiveEvenWhenTheValueLooksGood() {
        MetricCheck guarded = ERROR_RATE.withMinRequests(100);
        Measurement few = CheckEvaluator.evaluate(guarded, new CheckEvaluator.Answers("resolved", values(0.0), null, null,
                "count", values(42.7)), NOW);
        assertThat(few.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(few.explanation()).isEqualTo("only 42 requests in the window, fewer than minRequests 100");
        Measurement enough = CheckEvaluator.evaluate(guarded, new CheckEvaluator.Answers("resolved", values(0.0), null, null,
                "count", values(250)), NOW);
        assertThat(enough.verdict()).isEqualTo(MeasurementVerdict.PASS);
        Measurement none = CheckEvaluator.evaluate(guarded, new CheckEvaluator.Answers("resolved", values(0.0), null, null,
                "count", values()), NOW);
        assertThat(none.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
    }

    @Test
    void comparativeCheckJudgesAgainstTheBaselineAndShowsTheLimit() {
        MetricCheck check = MetricCheck.of("errorVsStable", "q", "<= baseline + 0.5%");
        Measurement close = CheckEvaluator.evaluate(check, new CheckEvaluator.Answers("canary", values(0.012),
                "stable", values(0.01), null, null), NOW);
        assertThat(close.verdict()).isEqualTo(MeasurementVerdict.PASS);
        assertThat(close.explanation()).isEqualTo("0.012 meets <= baseline + 0.5% (baseline 0.01, limit 0.015)");
        assertThat(close.baselineQuery()).isEqualTo("stable");
        assertThat(close.baselineValues()).containsExactly(0.01);
        Measurement worse = CheckEvaluator.evaluate(check, new CheckEvaluator.Answers("canary", values(0.03),
                "stable", values(0.01), null, null), NOW);
        assertThat(worse.verdict()).isEqualTo(MeasurementVerdict.FAIL);
        Measurement noBaseline = CheckEvaluator.evaluate(check, new CheckEvaluator.Answers("canary", values(0.001),
                "stable", values(), null, null), NOW);
        assertThat(noBaseline.verdict()).isEqualTo(MeasurementVerdict.INCONCLUSIVE);
        assertThat(noBaseline.explanation()).startsWith("baseline: no data");
    }

    private static Measurement evaluate(MetricCheck check, QueryResult result) {
        return CheckEvaluator.evaluate(check, new CheckEvaluator.Answers("resolved", result, null, null, null, null), NOW);
    }

    static QueryResult values(double... values) {
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(values.length == 1 ? Map.of() : Map.of("pod", "p" + i), values[i]));
        }
        return new QueryResult.Success(samples);
    }
}
