package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.util.List;
import java.util.Objects;

/** What a query came back with: samples (instant query), series (range query), or why there are none. */
public sealed interface QueryResult {

    /**
     * Prometheus answered. An empty list means the query matched no series ("no data").
     *
     * @param samples one per series; a scalar result is one sample without labels
     */
    record Success(List<Sample> samples) implements QueryResult {
        public Success {
            samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
        }
    }

    /**
     * Prometheus answered a range query ({@link PrometheusQueries#queryRange}). An empty list means the query matched
     * no series in the range.
     *
     * @param series one per series, each with its points in time order
     */
    record Range(List<Series> series) implements QueryResult {
        public Range {
            series = List.copyOf(Objects.requireNonNull(series, "series"));
        }
    }

    /**
     * Prometheus could not be asked, or refused.
     *
     * @param kind what went wrong, which decides whether waiting can help
     * @param message the cause; for {@link FailureKind#BAD_QUERY} Prometheus' own words, verbatim. Never contains a
     *     credential.
     */
    record Failure(FailureKind kind, String message) implements QueryResult {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a query produced no answer. */
    enum FailureKind {
        /** Prometheus rejected the query itself (HTTP 400/422, errorType bad_data): retrying will not help. */
        BAD_QUERY,
        /** Authentication or authorisation failed (HTTP 401/403). */
        UNAUTHORIZED,
        /** Any other HTTP error status (5xx, 404 for a wrong path prefix, ...). */
        HTTP_ERROR,
        /** No answer within the connection's timeout. */
        TIMEOUT,
        /** No connection (refused, unknown host, TLS handshake failed). */
        UNREACHABLE,
        /** An answer that is not a Prometheus API response. */
        BAD_RESPONSE
    }
}
