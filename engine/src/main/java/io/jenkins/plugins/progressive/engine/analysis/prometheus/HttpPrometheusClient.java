package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * {@link PrometheusQueries} over the Prometheus HTTP API with the JDK {@link HttpClient}: one
 * {@code POST <url>api/v1/query} (or {@code api/v1/query_range}) per query, asynchronous, no thread waits for an answer. Reusable and thread-safe;
 * create one per {@link PrometheusConnection} and share it.
 *
 * <p>Redirects are not followed (a redirect would carry the credentials to wherever it points); the whole exchange,
 * body included, is bounded by the connection's timeout. Failures:
 * <ul>
 *   <li>a Prometheus {@code bad_data} error (HTTP 400, or 422 from some implementations): {@code BAD_QUERY},
 *       Prometheus' message verbatim; an {@code execution} error (422, e.g. many-to-many matching) depends on the
 *       data of the moment and is an {@code HTTP_ERROR};</li>
 *   <li>401/403: {@code UNAUTHORIZED}; any other non-2xx status: {@code HTTP_ERROR} with the status and the start of
 *       the body;</li>
 *   <li>no answer within the timeout, or Prometheus' own {@code timeout} error: {@code TIMEOUT};</li>
 *   <li>refused, unknown host, connect timeout, TLS handshake failure, connection lost: {@code UNREACHABLE};</li>
 *   <li>a 2xx answer that is not a Prometheus response, an instant query answered with a {@code matrix} or
 *       {@code string} result, or a range query answered with anything but a {@code matrix}: {@code BAD_RESPONSE}. A check needs one value per series; taking the last point of a range (a bare
 *       {@code errors[5m]}) would quietly compare raw counters where {@code rate(...)} was meant, so the message
 *       says how to fix the query instead.</li>
 * </ul>
 * {@code warnings} in an answer are ignored. Every message has the connection's secrets redacted.
 */
public final class HttpPrometheusClient implements PrometheusQueries, AutoCloseable {

    // The JDK's request timeout stops at the response headers; this bounds a body that trickles in.
    private static final long BODY_SLACK_MILLIS = 100;

    private final PrometheusConnection connection;
    private final HttpClient http;
    private final QueryResponses responses;

    /**
     * A client that connects directly, through no proxy.
     *
     * @throws IllegalStateException if the JVM cannot set up TLS as configured (a broken security provider setup)
     */
    public HttpPrometheusClient(PrometheusConnection connection) {
        this(connection, HttpClient::newBuilder);
    }

    /**
     * @param base where the HTTP client starts from, called once: the proxy (a {@link java.net.ProxySelector}, which
     *     also decides which hosts bypass it), proxy authentication and executor come from there, e.g. Jenkins'
     *     {@code ProxyConfiguration::newHttpClientBuilder}; timeouts, redirects, HTTP version and TLS are this
     *     client's own and replace whatever {@code base} set for them
     * @throws IllegalStateException if the JVM cannot set up TLS as configured (a broken security provider setup)
     */
    public HttpPrometheusClient(PrometheusConnection connection, Supplier<HttpClient.Builder> base) {
        this.connection = Objects.requireNonNull(connection, "connection");
        HttpClient.Builder builder = Objects.requireNonNull(base.get(), "base.get()")
                .connectTimeout(connection.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 only through TLS (ALPN): the cleartext h2c upgrade dance trips up some proxies.
                .version(connection.url().getScheme().equals("https")
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        TlsContexts.sslContext(connection.tls()).ifPresent(builder::sslContext);
        this.http = builder.build();
        this.responses = new QueryResponses(connection);
    }

    /** What this client talks to. */
    public PrometheusConnection connection() {
        return connection;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Cancelling the returned future abandons the HTTP exchange.
     *
     * @throws NullPointerException if an argument is {@code null} (a programming error, not a query failure)
     */
    @Override
    public CompletableFuture<QueryResult> query(String promql, Instant time) {
        Objects.requireNonNull(promql, "promql");
        Objects.requireNonNull(time, "time");
        return send(connection.queryEndpoint(), "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + unixSeconds(time), false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code POST <url>api/v1/query_range}; cancelling the returned future abandons the HTTP exchange.
     */
    @Override
    public CompletableFuture<QueryResult> queryRange(String promql, Instant start, Instant end, Duration step) {
        Objects.requireNonNull(promql, "promql");
        RangeSteps.times(start, end, step); // validates before anything is sent
        return send(connection.rangeQueryEndpoint(), "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + unixSeconds(start) + "&end=" + unixSeconds(end)
                + "&step=" + BigDecimal.valueOf(step.toMillis(), 3).toPlainString(), true);
    }

    private CompletableFuture<QueryResult> send(URI endpoint, String form, boolean range) {
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = http.sendAsync(request(endpoint, form), HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e, endpoint));
        }
        CompletableFuture<QueryResult> result = exchange.copy()
                .orTimeout(connection.timeout().toMillis() + BODY_SLACK_MILLIS, TimeUnit.MILLISECONDS)
                .handle((response, error) -> interpret(response, error, endpoint, range));
        // Whatever ended the query (answer, deadline, caller's cancel): stop the exchange if it still runs.
        result.whenComplete((ignored, error) -> exchange.cancel(true));
        return result;
    }

    /**
     * Releases the client's connections and selector thread where the JDK allows it: {@code HttpClient} is closeable
     * from Java 21 on (closing waits for running queries, at most their timeout). On Java 17 this does nothing and
     * the JDK releases them once the client is unreachable. Do not query a closed client.
     */
    @Override
    public void close() {
        // Compiles against 17, where HttpClient is not AutoCloseable; at run time on 21+ it is.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing is best effort: nothing is left to do for the caller.
            }
        }
    }

    @Override
    public String toString() {
        return "HttpPrometheusClient[" + connection + "]";
    }

    private HttpRequest request(URI endpoint, String query) {
        String form = query + "&timeout=" + connection.timeout().toMillis() + "ms";
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(connection.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        connection.auth().authorizationHeader().ifPresent(value -> request.header("Authorization", value));
        connection.headers().forEach(header -> request.header(header.name(), header.value()));
        return request.build();
    }

    /** Seconds since the epoch with millisecond precision, as Prometheus reads it: {@code 1700000000.123}. */
    static String unixSeconds(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3).toPlainString();
    }

    private QueryResult interpret(HttpResponse<byte[]> response, Throwable error, URI endpoint, boolean range) {
        if (error != null) {
            return failure(error, endpoint);
        }
        try {
            return responses.interpret(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse("(no Location header)"), range);
        } catch (RuntimeException e) {
            // The contract is a Failure, never an exceptional future, even for an answer nobody foresaw.
            return new Failure(FailureKind.BAD_RESPONSE, connection.redact("cannot read the answer from "
                    + endpoint + ": " + describe(e)));
        }
    }

    private Failure failure(Throwable error, URI endpoint) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String server = endpoint.getHost() + ":" + port(endpoint);
        FailureKind kind;
        String message;
        if (cause instanceof HttpConnectTimeoutException) {
            kind = FailureKind.UNREACHABLE;
            message = "cannot connect to " + server + " within " + connection.timeout().toMillis() + " ms";
        } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            kind = FailureKind.TIMEOUT;
            message = "no answer from " + endpoint + " within " + connection.timeout().toMillis() + " ms";
        } else if (cause instanceof SSLException) {
            kind = FailureKind.UNREACHABLE;
            message = "TLS handshake with " + server + " failed (" + connection.tls() + "): " + describe(cause);
        } else if (cause instanceof IOException) {
            kind = FailureKind.UNREACHABLE;
            message = "cannot reach " + server + ": " + describe(cause);
        } else if (cause instanceof CancellationException) {
            kind = FailureKind.UNREACHABLE;
            message = "query to " + endpoint + " was cancelled";
        } else {
            kind = FailureKind.UNREACHABLE;
            message = "query to " + endpoint + " failed: " + describe(cause);
        }
        return new Failure(kind, connection.redact(message));
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() != -1 ? endpoint.getPort() : endpoint.getScheme().equals("https") ? 443 : 80;
    }

    /** The exception's class and the first message along its causes (the JDK often leaves the outer one empty). */
    private static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return error.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }
}
