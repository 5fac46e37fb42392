package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import static io.jenkins.plugins.progressive.engine.analysis.prometheus.FakePrometheus.json;
import static io.jenkins.plugins.progressive.engine.analysis.prometheus.FakePrometheus.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.FakePrometheus.Request;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Success;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a fake server: what it sends, and how it reads every kind of answer. */
class HttpPrometheusClientTest {

    private static final Instant TIME = Instant.parse("2023-11-14T22:13:20.123Z"); // 1700000000.123
    private static final String TOKEN = "s3cr3t-token-value";
    private static final String PASSWORD = "pa55-w0rd-value";

    private final FakePrometheus fake = FakePrometheus.http();

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void postsTheQueryTimeAndTimeoutAsAForm() {
        QueryResult result = query(PrometheusConnection.of(fake.url().toString()).withTimeout(Duration.ofSeconds(3)),
                "sum(rate(http_requests_total{code=~\"5..\"}[1m])) / 2");

        assertThat(result).isEqualTo(new Success(List.of(new Sample(Map.of("job", "web"), 1.0))));
        Request request = fake.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/query");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.form()).containsExactly(
                Map.entry("query", "sum(rate(http_requests_total{code=~\"5..\"}[1m])) / 2"),
                Map.entry("time", "1700000000.123"),
                Map.entry("timeout", "3000ms"));
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void honoursThePathPrefix() {
        query(PrometheusConnection.of(fake.url() + "tenants/prometheus"), "up");

        assertThat(fake.takeRequest().path()).isEqualTo("/tenants/prometheus/api/v1/query");
    }

    @Test
    void sendsBearerTokenAndTenantHeaders() {
        query(PrometheusConnection.of(fake.url().toString()).withAuth(PrometheusAuth.bearer(TOKEN))
                .withHeader(PrometheusHeader.of("X-Scope-OrgID", "team-a"))
                .withHeader(PrometheusHeader.of("THANOS-TENANT", "team-b")), "up");

        Request request = fake.takeRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("X-Scope-OrgID")).isEqualTo("team-a");
        assertThat(request.header("THANOS-TENANT")).isEqualTo("team-b");
    }

    @Test
    void sendsBasicCredentials() {
        query(PrometheusConnection.of(fake.url().toString()).withAuth(PrometheusAuth.basic("grafana", PASSWORD)), "up");

        String header = fake.takeRequest().header("Authorization");
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("grafana:" + PASSWORD);
    }

    @Test
    void unauthorizedAndForbiddenAreUnauthorized() {
        fake.answer(text(401, "Unauthorized"));
        assertThat(query(connection(), "up")).isEqualTo(new Failure(FailureKind.UNAUTHORIZED,
                "HTTP 401 from " + fake.url() + "api/v1/query: Unauthorized"));

        fake.answer(text(403, "tenant team-a may not read"));
        assertThat(failure(query(connection(), "up")).kind()).isEqualTo(FailureKind.UNAUTHORIZED);
    }

    @Test
    void badDataIsBadQueryWithPrometheusWordsVerbatim() {
        fake.answer(json(400, """
                {"status":"error","errorType":"bad_data","error":"1:5: parse error: unclosed left parenthesis"}"""));

        assertThat(query(connection(), "sum(")).isEqualTo(
                new Failure(FailureKind.BAD_QUERY, "1:5: parse error: unclosed left parenthesis"));
    }

    @Test
    void executionErrorsDependOnTheDataAndStayRetryable() {
        fake.answer(json(422, """
                {"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"""));

        assertThat(query(connection(), "a / on(job) b")).isEqualTo(new Failure(FailureKind.HTTP_ERROR,
                "HTTP 422 from " + fake.url() + "api/v1/query: execution: many-to-many matching not allowed"));
    }

    @Test
    void prometheusEvaluationTimeoutIsTimeout() {
        fake.answer(json(503, """
                {"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"""));

        Failure failure = failure(query(connection(), "up"));
        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(failure.message()).contains("query timed out in expression evaluation");
    }

    @Test
    void otherStatusesAreHttpErrorsWithAnExcerpt() {
        fake.answer(text(500, "upstream\nconnect error " + "x".repeat(500)));

        Failure failure = failure(query(connection(), "up"));
        assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_ERROR);
        assertThat(failure.message()).startsWith("HTTP 500 from " + fake.url() + "api/v1/query: upstream connect error")
                .hasSizeLessThan(300);

        fake.answer(text(404, "404 page not found"));
        assertThat(query(connection(), "up")).isEqualTo(new Failure(FailureKind.HTTP_ERROR, "HTTP 404 from "
                + fake.url() + "api/v1/query (check the URL's path prefix): 404 page not found"));
    }

    @Test
    void redirectsAreNotFollowed() {
        fake.answer(exchange -> {
            exchange.getResponseHeaders().set("Location", fake.url() + "login");
            exchange.sendResponseHeaders(302, -1);
        });

        Failure failure = failure(query(connection(), "up"));
        assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_ERROR);
        assertThat(failure.message()).contains("HTTP 302", fake.url() + "login", "not followed");
        assertThat(fake.takeRequest().path()).isEqualTo("/api/v1/query");
        assertThat(fake.requestCount()).as("requests left after the first").isZero();
    }

    @Test
    void slowHeadersAndSlowBodiesAreTimeouts() {
        fake.answer(exchange -> Thread.sleep(5_000));
        long start = System.nanoTime();
        Failure headers = failure(query(connection().withTimeout(Duration.ofMillis(300)), "up"));

        fake.answer(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("{\"status\":\"success\",".getBytes(StandardCharsets.UTF_8));
            body.flush();
            Thread.sleep(5_000);
        });
        Failure body = failure(query(connection().withTimeout(Duration.ofMillis(300)), "up"));

        assertThat(headers.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(headers.message()).isEqualTo("no answer from " + fake.url() + "api/v1/query within 300 ms");
        assertThat(body.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Failure failure = failure(query(PrometheusConnection.of("http://127.0.0.1:" + port + "/"), "up"));
        assertThat(failure.kind()).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(failure.message()).startsWith("cannot reach 127.0.0.1:" + port + ": ");
    }

    @Test
    void answersThatAreNotPrometheusAreBadResponses() {
        fake.answer(text(200, "<html><body>Welcome to nginx!</body></html>"));
        Failure html = failure(query(connection(), "up"));
        assertThat(html.kind()).isEqualTo(FailureKind.BAD_RESPONSE);
        assertThat(html.message()).contains("not a Prometheus API response", "Welcome to nginx!");

        fake.answer(json(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1d"]}]}}"""));
        assertThat(failure(query(connection(), "up")).message()).startsWith("malformed sample value '1d'");

        fake.answer(json(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":"1"}]}}"""));
        assertThat(failure(query(connection(), "up")).kind()).isEqualTo(FailureKind.BAD_RESPONSE);
    }

    @Test
    void secretsNeverReachFailureMessages() {
        PrometheusConnection connection = connection().withAuth(PrometheusAuth.basic("grafana", PASSWORD))
                .withHeader(PrometheusHeader.of("X-Api-Key", TOKEN));
        String encoded = Base64.getEncoder().encodeToString(("grafana:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        // A careless proxy that echoes the request headers into its error page. With 190 characters before it, the
        // 200-character excerpt ends 4 characters into the encoded pair: redacting after cutting would leak them.
        for (int status : new int[] {401, 500, 200}) {
            for (int padding : new int[] {0, 150, 190}) {
                fake.answer(exchange -> FakePrometheus.send(exchange, status, "text/plain", "x".repeat(padding)
                        + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + exchange.getRequestHeaders().getFirst("X-Api-Key")));

                Failure failure = failure(query(connection, "up"));
                assertThat(failure.message()).as("HTTP %d, %d characters before", status, padding)
                        .contains("Basic ****").doesNotContain(PASSWORD, encoded, TOKEN, encoded.substring(0, 4));
            }
        }
    }

    private PrometheusConnection connection() {
        return PrometheusConnection.of(fake.url().toString());
    }

    static QueryResult query(PrometheusConnection connection, String promql) {
        try {
            return new HttpPrometheusClient(connection).query(promql, TIME).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the future must complete normally", e);
        }
    }

    static Failure failure(QueryResult result) {
        assertThat(result).isInstanceOf(Failure.class);
        return (Failure) result;
    }
}
