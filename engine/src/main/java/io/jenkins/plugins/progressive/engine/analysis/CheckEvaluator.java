package io.jenkins.plugins.progressive.engine.analysis;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Sample;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the answers to one check's queries into a {@link Measurement}. The order of the rules is the safety
 * argument: anything that is not a clean, finite, single (or explicitly reduced) value with enough traffic behind
 * it is never a pass.
 */
final class CheckEvaluator {

    private CheckEvaluator() {
    }

    /** The queries of one check for one round, resolved, and their answers. */
    record Answers(String query, QueryResult result, String baselineQuery, QueryResult baselineResult,
            String requestCountQuery, QueryResult requestCount) {
    }

    static Measurement evaluate(MetricCheck check, Answers answers, Instant time) {
        Builder out = new Builder(check, answers, time);
        for (QueryResult result : new QueryResult[] {answers.requestCount(), answers.result(), answers.baselineResult()}) {
            if (result instanceof QueryResult.Failure failure) {
                boolean fatal = failure.kind() == QueryResult.FailureKind.BAD_QUERY;
                return out.done(MeasurementVerdict.ERROR, List.of(), List.of(), fatal
                        ? "Prometheus rejected the query: " + failure.message()
                        : "could not measure (" + failure.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                                + "): " + failure.message(), fatal);
            }
        }
        if (check.minRequests() > 0) {
            List<Sample> counted = ((QueryResult.Success) answers.requestCount()).samples();
            double requests = counted.isEmpty() ? 0 : counted.get(0).value();
            if (!(requests >= check.minRequests())) {
                return out.done(MeasurementVerdict.INCONCLUSIVE, List.of(), List.of(), "only "
                        + MetricValues.format(Double.isNaN(requests) ? 0 : Math.floor(requests))
                        + " requests in the window, fewer than minRequests " + check.minRequests(), false);
            }
        }
        if (check.condition() instanceof Condition.Judged judged) {
            return JudgeEvaluator.judge(check, judged.judge(), (QueryResult.Range) answers.result(),
                    (QueryResult.Range) answers.baselineResult(),
                    (verdict, values, baselineValues, explanation) -> out.done(verdict, values, baselineValues,
                            explanation, false));
        }
        Judged version = judge(check, ((QueryResult.Success) answers.result()).samples());
        if (version.problem() != null) {
            return out.done(version.verdict(), version.values(), List.of(), version.problem(), false);
        }
        if (check.condition() instanceof Condition.Relative relative) {
            Judged baseline = judge(check, ((QueryResult.Success) answers.baselineResult()).samples());
            if (baseline.problem() != null) {
                return out.done(baseline.verdict(), version.values(), baseline.values(),
                        "baseline: " + baseline.problem(), false);
            }
            double base = baseline.values().get(0);
            double value = version.values().get(0);
            boolean holds = relative.holds(value, base);
            return out.done(holds ? MeasurementVerdict.PASS : MeasurementVerdict.FAIL, version.values(), baseline.values(),
                    MetricValues.format(value) + (holds ? " meets " : " violates ") + relative.text() + " (baseline "
                            + MetricValues.format(base) + ", limit " + MetricValues.format(relative.threshold(base)) + ")",
                    false);
        }
        List<Double> failing = version.values().stream().filter(v -> !holds(check.condition(), v)).toList();
        String shown = version.values().size() == 1 ? MetricValues.format(version.values().get(0))
                : version.values().stream().map(MetricValues::format).collect(Collectors.joining(", ", "[", "]"));
        return failing.isEmpty()
                ? out.done(MeasurementVerdict.PASS, version.values(), List.of(), shown + " meets " + check.condition().text(), false)
                : out.done(MeasurementVerdict.FAIL, version.values(), List.of(),
                        shown + " violates " + check.condition().text(), false);
    }

    private static boolean holds(Condition condition, double value) {
        if (condition instanceof Condition.Threshold threshold) {
            return threshold.holds(value);
        }
        return ((Condition.Between) condition).holds(value);
    }

    /** The values to judge, or why there are none. */
    private record Judged(List<Double> values, MeasurementVerdict verdict, String problem) {
    }

    private static Judged judge(MetricCheck check, List<Sample> samples) {
        if (samples.isEmpty()) {
            return new Judged(List.of(), MeasurementVerdict.INCONCLUSIVE, "no data: the query matched no series");
        }
        List<Double> all = samples.stream().map(Sample::value).toList();
        if (all.size() > 1 && check.reduction() == Reduction.SINGLE) {
            return new Judged(all, MeasurementVerdict.ERROR, "the query returned " + all.size()
                    + " series; aggregate it (e.g. sum) or set how to reduce them: max, min or each");
        }
        if (all.stream().anyMatch(v -> !Double.isFinite(v))) {
            return new Judged(all, MeasurementVerdict.INCONCLUSIVE, "no usable value: "
                    + all.stream().map(MetricValues::format).collect(Collectors.joining(", "))
                    + " (no traffic in the window?)");
        }
        return new Judged(switch (check.reduction()) {
            case MAX -> List.of(all.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            case MIN -> List.of(all.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            case SINGLE, EACH -> all;
        }, null, null);
    }

    private record Builder(MetricCheck check, Answers answers, Instant time) {
        Measurement done(MeasurementVerdict verdict, List<Double> values, List<Double> baselineValues, String explanation,
                boolean fatal) {
            return new Measurement(check.name(), verdict, values, baselineValues, answers.query(),
                    answers.baselineQuery(), time, explanation, check.dryRun(), fatal);
        }
    }
}
