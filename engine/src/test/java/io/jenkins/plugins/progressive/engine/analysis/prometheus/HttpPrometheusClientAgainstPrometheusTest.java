package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Success;
import io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real Prometheus of the sandbox: result types, special values, Prometheus' errors. */
class HttpPrometheusClientAgainstPrometheusTest {

    private static URI url;
    private static HttpPrometheusClient client;

    @BeforeAll
    static void startPrometheus() {
        url = PrometheusServer.shared().url();
        client = new HttpPrometheusClient(PrometheusConnection.of(url.toString()));
    }

    @Test
    void vectorWithLabels() {
        assertThat(query("label_replace(vector(2.5), \"version\", \"2.0\", \"\", \"\")")).isEqualTo(
                new Success(List.of(new Sample(Map.of("version", "2.0"), 2.5))));
    }

    @Test
    void seriesThatDoNotExistAreNoData() {
        assertThat(query("no_such_metric_anywhere{service=\"web\"}")).isEqualTo(new Success(List.of()));
    }

    @Test
    void nanAndInfinitiesArriveAsDoubles() {
        assertThat(value(query("vector(0) / 0"))).isNaN();
        assertThat(value(query("vector(1) / 0"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(value(query("-vector(1) / 0"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(value(query("1 / 0"))).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void scalarIsOneSampleWithoutLabelsEvaluatedAtTheGivenTime() {
        Instant time = Instant.now().minusSeconds(30).plusMillis(7);
        QueryResult result = client.query("time()", time).join();

        assertThat(result).isEqualTo(new Success(List.of(new Sample(Map.of(), time.toEpochMilli() / 1000.0))));
    }

    @Test
    void rangeVectorsAndStringsAreRefusedWithAHint() {
        Failure matrix = (Failure) query("vector(1)[5s:1s]");
        assertThat(matrix.kind()).isEqualTo(FailureKind.BAD_RESPONSE);
        assertThat(matrix.message()).contains("range vector", "rate(...)");

        Failure string = (Failure) query("\"hello\"");
        assertThat(string.kind()).isEqualTo(FailureKind.BAD_RESPONSE);
        assertThat(string.message()).contains("string");
    }

    @Test
    void syntaxErrorIsBadQueryWithPrometheusMessageVerbatim() throws Exception {
        QueryResult result = query("sum(rate(http_requests_total[1m])");

        assertThat(result).isEqualTo(new Failure(FailureKind.BAD_QUERY,
                errorOf("sum(rate(http_requests_total[1m])")));
        assertThat(((Failure) result).message()).contains("parse error");
    }

    @Test
    void oneClientServesManyConcurrentQueries() {
        List<CompletableFuture<QueryResult>> futures = IntStream.range(0, 32)
                .mapToObj(i -> client.query("vector(" + i + ")", Instant.now())).toList();

        assertThat(futures).allSatisfy(f -> assertThat(f).succeedsWithin(5, TimeUnit.SECONDS));
        assertThat(futures.stream().map(f -> value(f.join())).toList())
                .isEqualTo(IntStream.range(0, 32).mapToObj(i -> (double) i).toList());
    }

    private static QueryResult query(String promql) {
        return client.query(promql, Instant.now()).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static double value(QueryResult result) {
        assertThat(result).isInstanceOf(Success.class);
        List<Sample> samples = ((Success) result).samples();
        assertThat(samples).hasSize(1);
        return samples.get(0).value();
    }

    /** What Prometheus itself says about a query, read without the client under test. */
    private static String errorOf(String promql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        url.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        return new ObjectMapper().readTree(response.body()).path("error").asText();
    }
}
