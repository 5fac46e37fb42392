package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Instant queries against a Prometheus-compatible HTTP API ({@code /api/v1/query}: Prometheus, Thanos, Cortex,
 * Mimir, VictoriaMetrics). Asynchronous so that many analyses share a few threads; the future never completes
 * exceptionally: every problem is a {@link QueryResult.Failure}.
 */
public interface PrometheusQueries {

    /**
     * Evaluates {@code promql} at {@code time}.
     *
     * @param promql a fully resolved query
     * @param time the evaluation time
     */
    CompletableFuture<QueryResult> query(String promql, Instant time);
}
