package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Range;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Success;
import io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The client against the real Prometheus of the sandbox: result types, special values, Prometheus' errors. */
@Tag("needs-tools")
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

    @Test
    void rangeQueryGivesEverySeriesWithItsPointsInTimeOrder() {
        Instant start = Instant.ofEpochSecond(Instant.now().minusSeconds(60).getEpochSecond());
        String promql = "label_replace(vector(time()), \"side\", \"a\", \"\", \"\")"
                + " or label_replace(vector(2 * time()), \"side\", \"b\", \"\", \"\")";

        Range range = (Range) client.queryRange(promql, start, start.plusSeconds(10), Duration.ofSeconds(2))
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(range.series()).extracting(Series::labels)
                .containsExactlyInAnyOrder(Map.of("side", "a"), Map.of("side", "b"));
        Series a = range.series().stream().filter(s -> s.labels().get("side").equals("a")).findFirst().orElseThrow();
        assertThat(a.points()).hasSize(6);
        assertThat(a.points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(p.time().getEpochSecond()));
        assertThat(a.points().get(5).time()).isEqualTo(start.plusSeconds(10));
    }

    @Test
    void theDefaultRangeQueryOfInstantQueriesAgreesWithPrometheusRangeQuery() {
        Instant start = Instant.ofEpochSecond(Instant.now().minusSeconds(120).getEpochSecond());
        String promql = "sum by (job) (prometheus_build_info) * 0 + time()";
        PrometheusQueries perStep = client::query;

        QueryResult viaRange = client.queryRange(promql, start, start.plusSeconds(30), Duration.ofSeconds(5)).join();
        QueryResult viaSteps = perStep.queryRange(promql, start, start.plusSeconds(30), Duration.ofSeconds(5)).join();

        assertThat(viaRange).isInstanceOf(Range.class);
        assertThat(viaSteps).isEqualTo(viaRange);
    }

    @Test
    void rangeQueryErrorsAreThoseOfInstantQueries() throws Exception {
        Instant now = Instant.now();
        QueryResult syntax = client.queryRange("sum(rate(x[1m])", now.minusSeconds(10), now, Duration.ofSeconds(1))
                .join();
        assertThat(syntax).isInstanceOf(Failure.class);
        assertThat(((Failure) syntax).kind()).isEqualTo(FailureKind.BAD_QUERY);
        // Prometheus' words, verbatim (the range endpoint leaves out the instant one's "invalid parameter" prefix)
        assertThat(errorOf("sum(rate(x[1m])")).endsWith(((Failure) syntax).message());
        assertThat(((Failure) syntax).message()).contains("parse error");

        assertThat(client.queryRange("no_such_metric_anywhere", now.minusSeconds(10), now, Duration.ofSeconds(1))
                .join()).isEqualTo(new Range(List.of()));
        assertThatThrownBy(() -> client.queryRange("up", now.minusSeconds(20_000), now, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20001 points");
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
