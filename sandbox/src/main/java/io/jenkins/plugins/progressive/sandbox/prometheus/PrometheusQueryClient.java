package io.jenkins.plugins.progressive.sandbox.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The smallest Prometheus HTTP API client that tests and the demo need: one instant query, one
 * number back. Not the engine's analysis client; that one lives in the engine.
 */
public final class PrometheusQueryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final HttpClient http;

    /** @param baseUrl e.g. {@code http://127.0.0.1:9090/} */
    public PrometheusQueryClient(URI baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl must not be null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * Evaluates {@code promql} now.
     *
     * @return the value of a scalar result, or of the first sample of a vector result; empty when
     *         the vector is empty or the value is NaN (e.g. 0/0)
     * @throws IllegalStateException if Prometheus rejects the query (the message carries its error)
     */
    public OptionalDouble instantQuery(String promql) {
        Objects.requireNonNull(promql, "promql must not be null");
        URI uri = baseUrl.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = get(uri);
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus rejected query '" + promql + "': "
                    + body.path("errorType").asText() + " " + body.path("error").asText());
        }
        JsonNode data = body.path("data");
        JsonNode value = switch (data.path("resultType").asText()) {
            case "scalar" -> data.path("result");
            case "vector" -> data.path("result").isEmpty() ? null : data.path("result").get(0).path("value");
            default -> throw new IllegalStateException("query '" + promql + "' returned a "
                    + data.path("resultType").asText() + "; only scalar and vector results are supported");
        };
        if (value == null) {
            return OptionalDouble.empty();
        }
        // A sample is [unixTime, "value"]; the value is a string so NaN and ±Inf survive JSON.
        double number = Double.parseDouble(value.get(1).asText());
        return Double.isNaN(number) ? OptionalDouble.empty() : OptionalDouble.of(number);
    }

    private JsonNode get(URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot query Prometheus at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying Prometheus at " + uri, e);
        }
    }
}
