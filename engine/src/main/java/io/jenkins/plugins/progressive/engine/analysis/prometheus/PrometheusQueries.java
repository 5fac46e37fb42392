package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Queries against a Prometheus-compatible HTTP API ({@code /api/v1/query} and {@code /api/v1/query_range}:
 * Prometheus, Thanos, Cortex, Mimir, VictoriaMetrics). Asynchronous so that many analyses share a few threads; the
 * futures never complete exceptionally: every problem is a {@link QueryResult.Failure}.
 */
public interface PrometheusQueries {

    /** Prometheus refuses ranges of more points than this (its own limit is 11 000); so do we, before asking. */
    int MAX_RANGE_POINTS = 11_000;

    /**
     * Evaluates {@code promql} at {@code time}.
     *
     * @param promql a fully resolved query
     * @param time the evaluation time
     * @return a {@link QueryResult.Success} or a {@link QueryResult.Failure}
     */
    CompletableFuture<QueryResult> query(String promql, Instant time);

    /**
     * Evaluates {@code promql} at {@code start}, {@code start + step}, ... up to {@code end}, as Prometheus' range
     * query does. This default asks one instant query per step and joins the answers by series; an HTTP client
     * overrides it with one range request.
     *
     * @return a {@link QueryResult.Range} or a {@link QueryResult.Failure} (the first failure of any step)
     * @throws IllegalArgumentException if the step is not positive, end is before start, or the range has more
     *     than {@link #MAX_RANGE_POINTS} points
     */
    default CompletableFuture<QueryResult> queryRange(String promql, Instant start, Instant end, Duration step) {
        List<Instant> times = RangeSteps.times(start, end, step);
        List<CompletableFuture<QueryResult>> answers = times.stream().map(t -> query(promql, t)).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<Map<String, String>, List<Series.Point>> points = new LinkedHashMap<>();
            for (int i = 0; i < answers.size(); i++) {
                QueryResult answer = answers.get(i).join();
                if (!(answer instanceof QueryResult.Success success)) {
                    return answer;
                }
                for (Sample sample : success.samples()) {
                    points.computeIfAbsent(sample.labels(), labels -> new ArrayList<>())
                            .add(new Series.Point(times.get(i), sample.value()));
                }
            }
            List<Series> series = new ArrayList<>();
            points.forEach((labels, values) -> series.add(new Series(labels, values)));
            return new QueryResult.Range(series);
        });
    }
}
