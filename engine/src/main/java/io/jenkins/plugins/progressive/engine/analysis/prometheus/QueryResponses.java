package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the HTTP answer to {@code /api/v1/query} into a {@link QueryResult}. Everything a server sends back passes
 * through {@link PrometheusConnection#redact(String)} before it lands in a message.
 *
 * <p>Result types: {@code vector} gives one sample per series, {@code scalar} one sample without labels.
 * {@code matrix} (a bare range selector such as {@code errors[5m]}) and {@code string} are {@code BAD_RESPONSE}:
 * a check compares one number per series, and picking the last point of a range would silently compare raw counter
 * values where the author meant {@code rate(...)}; the message says how to fix the query.
 */
final class QueryResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT_LENGTH = 200;
    // Far more than the excerpt, so that a secret cut at the window's end lies beyond the excerpt anyway.
    private static final int REDACTION_WINDOW = 64 * 1024;
    // Go's strconv output, which is what Prometheus writes; Java's parseDouble alone would also take "1d" or "0x1p3".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final PrometheusConnection connection;

    QueryResponses(PrometheusConnection connection) {
        this.connection = connection;
    }

    QueryResult interpret(int status, byte[] body, String location) {
        return interpret(status, body, location, false);
    }

    /**
     * @param range whether the answer is to a range query, which must be a {@code matrix}; an instant query's must
     *     be a {@code vector} or {@code scalar}
     */
    QueryResult interpret(int status, byte[] body, String location, boolean range) {
        JsonNode json = jsonObject(body);
        String from = " from " + (range ? connection.rangeQueryEndpoint() : connection.queryEndpoint());
        if (status == 401 || status == 403) {
            return failure(FailureKind.UNAUTHORIZED, "HTTP " + status + from + ": " + excerpt(body));
        }
        if (json != null && "error".equals(json.path("status").asText())) {
            return apiError(status, json, from);
        }
        if (status >= 300 && status < 400) {
            return failure(FailureKind.HTTP_ERROR, "HTTP " + status + from + " redirects to "
                    + abbreviate(location) + "; redirects are not followed, configure the final URL");
        }
        if (status == 404) {
            return failure(FailureKind.HTTP_ERROR, "HTTP 404" + from + " (check the URL's path prefix): "
                    + excerpt(body));
        }
        if (status < 200 || status >= 300) {
            return failure(FailureKind.HTTP_ERROR, "HTTP " + status + from + ": " + excerpt(body));
        }
        if (json == null || !"success".equals(json.path("status").asText())) {
            return failure(FailureKind.BAD_RESPONSE, "not a Prometheus API response" + from + " (HTTP " + status
                    + "): " + excerpt(body));
        }
        try {
            return range ? matrix(json.path("data")) : data(json.path("data"));
        } catch (MalformedResponse e) {
            return failure(FailureKind.BAD_RESPONSE, e.getMessage() + " (answer" + from + ")");
        }
    }

    private QueryResult apiError(int status, JsonNode json, String from) {
        String errorType = json.path("errorType").asText();
        String error = json.path("error").asText();
        if (error.isBlank()) {
            error = "HTTP " + status + from + ", errorType '" + abbreviate(errorType) + "', no error message";
        }
        if (errorType.equals("bad_data") || (status == 400 && !errorType.equals("execution"))) {
            // Prometheus' own words, verbatim: they point at the position in the query.
            return failure(FailureKind.BAD_QUERY, error);
        }
        // "execution" (HTTP 422: many-to-many matching, duplicate label sets, too many samples) depends on the data
        // at that moment, so it stays a retryable HTTP_ERROR rather than a BAD_QUERY that ends an analysis.
        if (errorType.equals("timeout")) {
            return failure(FailureKind.TIMEOUT, "Prometheus gave up evaluating the query after "
                    + connection.timeout().toMillis() + " ms: " + error);
        }
        return failure(FailureKind.HTTP_ERROR, "HTTP " + status + from + ": " + errorType + ": " + error);
    }

    private QueryResult data(JsonNode data) throws MalformedResponse {
        String resultType = data.path("resultType").asText();
        JsonNode result = data.path("result");
        switch (resultType) {
            case "vector": {
                requireArray(result, "data.result");
                List<Sample> samples = new ArrayList<>(result.size());
                for (JsonNode series : result) {
                    if (!series.has("value") && series.has("histogram")) {
                        throw new MalformedResponse("the query returned native histogram samples, which a check "
                                + "cannot compare; wrap it in histogram_quantile(...), histogram_count(...) or "
                                + "histogram_sum(...)");
                    }
                    samples.add(new Sample(labels(series.path("metric")), value(series.path("value"))));
                }
                return new QueryResult.Success(samples);
            }
            case "scalar":
                return new QueryResult.Success(List.of(new Sample(Map.of(), value(result))));
            case "matrix":
                throw new MalformedResponse("the query returned a range vector (matrix), but a check needs one "
                        + "value per series; wrap the range selector in a function such as rate(...), "
                        + "avg_over_time(...) or last_over_time(...)");
            case "string":
                throw new MalformedResponse("the query returned a string, but a check needs numbers");
            default:
                throw new MalformedResponse("unknown data.resultType '" + abbreviate(resultType) + "'");
        }
    }

    /** A range query's answer: {@code matrix}, each series with {@code values: [[time, "value"], ...]}. */
    private QueryResult matrix(JsonNode data) throws MalformedResponse {
        String resultType = data.path("resultType").asText();
        if (!resultType.equals("matrix")) {
            throw new MalformedResponse("a range query answered with data.resultType '" + abbreviate(resultType)
                    + "' instead of 'matrix'");
        }
        JsonNode result = data.path("result");
        requireArray(result, "data.result");
        List<Series> series = new ArrayList<>(result.size());
        for (JsonNode one : result) {
            if (!one.has("values") && one.has("histograms")) {
                throw new MalformedResponse("the query returned native histogram samples, which a check cannot "
                        + "compare; wrap it in histogram_quantile(...), histogram_count(...) or histogram_sum(...)");
            }
            JsonNode values = one.path("values");
            requireArray(values, "values of a series");
            List<Series.Point> points = new ArrayList<>(values.size());
            for (JsonNode point : values) {
                double value = value(point); // checks the shape, which time(...) relies on
                points.add(new Series.Point(time(point), value));
            }
            series.add(new Series(labels(one.path("metric")), points));
        }
        return new QueryResult.Range(series);
    }

    private static Instant time(JsonNode sample) {
        // seconds since the epoch with up to millisecond precision
        return Instant.ofEpochMilli(Math.round(sample.path(0).asDouble() * 1000));
    }

    private Map<String, String> labels(JsonNode metric) throws MalformedResponse {
        if (metric.isMissingNode()) {
            return Map.of();
        }
        if (!metric.isObject()) {
            throw new MalformedResponse("malformed sample: 'metric' is not an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            if (!label.getValue().isTextual()) {
                throw new MalformedResponse("malformed sample: label '" + abbreviate(label.getKey())
                        + "' is not a string");
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    /** A sample is {@code [unixSeconds, "value"]}; the value is a string so that NaN and ±Inf survive JSON. */
    private double value(JsonNode sample) throws MalformedResponse {
        if (!sample.isArray() || sample.size() != 2 || !sample.get(0).isNumber() || !sample.get(1).isTextual()) {
            throw new MalformedResponse("malformed sample: expected [time, \"value\"], got "
                    + abbreviate(sample.toString()));
        }
        String text = sample.get(1).asText();
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!DECIMAL.matcher(text).matches()) {
                    throw new MalformedResponse("malformed sample value '" + abbreviate(text) + "'");
                }
                return Double.parseDouble(text);
        }
    }

    private static void requireArray(JsonNode node, String name) throws MalformedResponse {
        if (!node.isArray()) {
            throw new MalformedResponse("malformed response: " + name + " is not an array");
        }
    }

    private static JsonNode jsonObject(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private Failure failure(FailureKind kind, String message) {
        return new Failure(kind, connection.redact(message));
    }

    /** The start of a body, on one line, for a message. */
    private String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, 0, Math.min(body.length, REDACTION_WINDOW), StandardCharsets.UTF_8);
        return abbreviate(text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip());
    }

    /**
     * {@code text} redacted, then cut. Redacting first matters: a cut through the middle of an echoed token would
     * leave a prefix of it that redaction no longer recognises.
     */
    private String abbreviate(String text) {
        String redacted = connection.redact(text);
        return redacted.length() <= EXCERPT_LENGTH ? redacted : redacted.substring(0, EXCERPT_LENGTH) + "...";
    }

    /** Why a successful HTTP answer is still no usable result; the message is for the user. */
    private static final class MalformedResponse extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponse(String message) {
            super(message, null, false, false);
        }
    }
}
