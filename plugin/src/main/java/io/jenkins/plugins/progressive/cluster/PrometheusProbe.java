package io.jenkins.plugins.progressive.cluster;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * "Test connection" for a cluster's Prometheus: runs {@code vector(1)}, the one query that has data on every
 * Prometheus, through the same client the analysis uses, so that a pass here means the gates can query it.
 */
public final class PrometheusProbe {
    static final String QUERY = "vector(1)";

    private PrometheusProbe() {}

    /**
     * @param url the Prometheus base URL
     * @param bearerToken sent as {@code Authorization: Bearer}, or {@code null} for none
     * @param httpBase where the HTTP client starts from (Jenkins' proxy), as for the analysis
     */
    public static ProbeResult test(String url, @CheckForNull String bearerToken,
            Supplier<HttpClient.Builder> httpBase) {
        List<String> secrets = bearerToken == null ? List.of() : List.of(bearerToken);
        PrometheusConnection connection;
        try {
            connection = PrometheusConnection.of(url)
                    .withAuth(bearerToken == null ? PrometheusAuth.none() : PrometheusAuth.bearer(bearerToken));
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed(Redaction.redact(e.getMessage(), secrets));
        }
        try (HttpPrometheusClient client = new HttpPrometheusClient(connection, httpBase)) {
            // The client enforces the connection's timeout itself; the margin only guards against a stuck future.
            QueryResult result = client.query(QUERY, Instant.now())
                    .get(connection.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            if (result instanceof QueryResult.Success success) {
                return success.samples().isEmpty()
                        ? ProbeResult.failed("Prometheus at " + url + " answered, but " + QUERY
                                + " returned no data; is this a Prometheus query API?")
                        : ProbeResult.ok("Connected: Prometheus answered " + QUERY);
            }
            QueryResult.Failure failure = (QueryResult.Failure) result;
            return ProbeResult.failed(Redaction.redact(
                    "Prometheus at " + url + ": " + describe(failure.kind()) + " " + failure.message(), secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("Interrupted while waiting for Prometheus at " + url + ".");
        } catch (ExecutionException | TimeoutException e) {
            return ProbeResult.failed(Redaction.redact("No answer from Prometheus at " + url + " ("
                    + e.getClass().getSimpleName() + ").", secrets));
        }
    }

    private static String describe(QueryResult.FailureKind kind) {
        return switch (kind) {
            case UNAUTHORIZED -> "the token was rejected (HTTP 401/403).";
            case UNREACHABLE -> "cannot connect (wrong URL, network, or TLS).";
            case TIMEOUT -> "no answer in time.";
            case HTTP_ERROR -> "HTTP error (wrong path prefix?).";
            case BAD_RESPONSE -> "the answer is not from a Prometheus query API.";
            case BAD_QUERY -> "the query was refused.";
        };
    }
}
