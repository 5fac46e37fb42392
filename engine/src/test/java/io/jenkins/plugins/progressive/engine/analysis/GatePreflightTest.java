package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The preflight's reading of every kind of answer, against a stub HTTP server speaking the Prometheus API, through the
 * real client: what refuses whatever the step says, what the step may allow, what is fine.
 */
class GatePreflightTest {

    private static final String TOKEN = "t0ken-that-must-not-leak";
    private static final String EMPTY = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
    private static final String ONE = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1700000000,\"0.5\"]}]}}";
    private static final AnalysisTarget TARGET = AnalysisTarget.of("shop", "checkout", "2.0", "checkout-abc-.*")
            .withBaseline("1.0", "checkout-def-.*");

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = EMPTY;
    private volatile boolean stall;
    private final HttpServer server = stub();

    @AfterEach
    void stopStub() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void rendersEachSideOfEveryCheckAsTheGatesDoAndAsksEachDistinctQueryOnce() throws Exception {
        AnalysisPlan plan = new AnalysisPlan(List.of(
                MetricCheck.of("errors", "sum(rate(err{version=\"{{version}}\",pod=~\"{{pods}}\"}[{{window}}]))", "< 1")
                        .withMinRequests(10),
                MetricCheck.of("latency", "p99{service=\"{{service}}\",version=\"{{version}}\"}", "<= baseline + 10%"),
                MetricCheck.of("latency-again", "p99{service=\"{{service}}\",version=\"{{version}}\"}", "< 5")),
                AnalysisTiming.DEFAULT.withWindow(Duration.ofSeconds(30)), AnalysisLimits.DEFAULT,
                null, Map.of());

        GatePreflight.Result result = check(List.of(GatePreflight.Gates.at("analysis", plan, TARGET)), PreflightPolicy.DEFAULT);

        assertThat(result.clean()).isTrue();
        assertThat(result.asked()).extracting(GatePreflight.Query::promql).containsExactly(
                "sum(rate(err{version=\"2.0\",pod=~\"checkout-abc-.*\"}[30s]))",
                BuiltInChecks.REQUEST_COUNT.resolve(Map.of("namespace", "shop", "service", "checkout", "version", "2.0",
                        "window", "30s")),
                "p99{service=\"checkout\",version=\"2.0\"}",
                "p99{service=\"checkout\",version=\"1.0\"}");
        assertThat(result.asked().get(2).labels()).containsExactly("analysis.checks.latency.query",
                "analysis.checks.latency-again.query");
        assertThat(result.asked().get(3).labels()).containsExactly("analysis.checks.latency.query (baseline side)");
        assertThat(result.asked().get(1).labels()).containsExactly("analysis.requestCountQuery");
        assertThat(received).hasSize(4);
        assertThat(result.empty()).as("no data yet is fine").isEqualTo(4);
        assertThat(result.refusal(PreflightPolicy.DEFAULT)).isNull();
        assertThat(result.summary()).isEqualTo("metric gate preflight: Prometheus accepted all 4 gate queries "
                + "(4 have no data yet)");
    }

    @Test
    void aParseErrorRefusesNamingTheCheckAndPrometheusWordsWhateverThePolicy() throws Exception {
        status = 400;
        // Well-formed to the parse-time check (balanced), a type error to Prometheus' parser.
        body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:6: parse error: expected type range"
                + " vector in call to function rate, got instant vector\"}";

        GatePreflight.Result result = check(latency("rate(x)"), PreflightPolicy.DEFAULT.withAllowUnmeasured(true));

        assertThat(result.rejected()).hasSize(1);
        assertThat(result.refusal(PreflightPolicy.DEFAULT.withAllowUnmeasured(true))).isEqualTo("metric gate preflight: "
                + "Prometheus rejected analysis.checks.latency.query: 1:6: parse error: expected type range vector in"
                + " call to function rate, got instant vector (sent: rate(x)). Nothing was changed");
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({
        "404, REJECTED", "405, REJECTED", "422, REJECTED", "401, UNMEASURABLE", "403, UNMEASURABLE",
        "500, UNMEASURABLE", "502, UNMEASURABLE", "503, UNMEASURABLE", "302, UNMEASURABLE"})
    void classifiesEveryStatus(int code, GatePreflight.Answer expected) throws Exception {
        status = code;
        body = code == 422 ? "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching\"}"
                : "nope";

        GatePreflight.Result result = check(latency("up"), PreflightPolicy.DEFAULT);

        assertThat(expected == GatePreflight.Answer.REJECTED ? result.rejected() : result.unmeasurable()).hasSize(1);
        assertThat(result.refusal(PreflightPolicy.DEFAULT)).contains("analysis.checks.latency.query")
                .contains("HTTP " + code).doesNotContain(TOKEN);
        String allowed = result.refusal(PreflightPolicy.DEFAULT.withAllowUnmeasured(true));
        assertThat(allowed == null).as("allowUnmeasured lets only an unmeasurable Prometheus through")
                .isEqualTo(expected == GatePreflight.Answer.UNMEASURABLE);
    }

    @Test
    void wrongCredentialsRefuseUnlessAllowedAndNeverShowTheToken() throws Exception {
        status = 401;
        body = "Unauthorized";

        GatePreflight.Result result = check(latency("up"), PreflightPolicy.DEFAULT);

        assertThat(result.refusal(PreflightPolicy.DEFAULT)).isEqualTo("metric gate preflight: Prometheus refused the "
                + "credentials (HTTP 401 from " + url() + "api/v1/query: Unauthorized), so the metric gates "
                + "(analysis.checks.latency.query) cannot measure. Nothing was changed: a release that cannot be "
                + "measured is not deployed. Repair the cluster's Prometheus connection, or set "
                + "preflight: [allowUnmeasured: true] to deploy with gates that may stay inconclusive");
        PreflightPolicy allow = PreflightPolicy.DEFAULT.withAllowUnmeasured(true);
        assertThat(result.refusal(allow)).isNull();
        assertThat(result.warning(allow)).startsWith("DEPLOYING WITH METRIC GATES THAT CANNOT MEASURE "
                + "(preflight: [allowUnmeasured: true]): Prometheus refused the credentials (HTTP 401").doesNotContain(TOKEN);
    }

    @Test
    void aPrometheusThatDoesNotAnswerInTimeIsUnmeasurableWithinTheBound() throws Exception {
        stall = true;
        PreflightPolicy quick = PreflightPolicy.DEFAULT.withTimeout(Duration.ofMillis(300));

        long started = System.nanoTime();
        GatePreflight.Result result = check(latency("up"), quick);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(result.unmeasurable()).singleElement().satisfies(f -> {
            assertThat(f.failure().kind()).isEqualTo(QueryResult.FailureKind.TIMEOUT);
            assertThat(f.failure().message()).isEqualTo("no answer within 300 ms");
        });
        assertThat(result.refusal(quick)).startsWith("metric gate preflight: Prometheus did not answer in time "
                + "(no answer within 300 ms)");
        assertThat(tookMillis).as("the connection's own timeout is 10 s").isLessThan(5_000);
    }

    @Test
    void aRefusedConnectionIsUnmeasurable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        HttpPrometheusClient client = new HttpPrometheusClient(PrometheusConnection.of("http://127.0.0.1:" + closed + "/"));

        GatePreflight.Result result = GatePreflight.check(latency("up"), client, PreflightPolicy.DEFAULT, Instant.now())
                .get(10, TimeUnit.SECONDS);

        assertThat(result.unmeasurable()).singleElement().satisfies(f ->
                assertThat(f.failure().kind()).isEqualTo(QueryResult.FailureKind.UNREACHABLE));
        assertThat(result.refusal(PreflightPolicy.DEFAULT)).startsWith("metric gate preflight: Prometheus cannot be "
                + "reached (cannot reach 127.0.0.1:" + closed);
    }

    @Test
    void noPrometheusAtAllIsUnmeasurable() throws Exception {
        GatePreflight.Result result = GatePreflight.check(latency("up"), null, PreflightPolicy.DEFAULT, Instant.now())
                .get(1, TimeUnit.SECONDS);

        assertThat(result.refusal(PreflightPolicy.DEFAULT)).startsWith("metric gate preflight: Prometheus cannot be "
                + "reached (no Prometheus is configured for this cluster), so the metric gates "
                + "(analysis.checks.latency.query) cannot measure");
    }

    @Test
    void aRangeVectorIsRejectedAndAnAnswerWithDataIsFine() throws Exception {
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        assertThat(check(latency("errors[5m]"), PreflightPolicy.DEFAULT).refusal(PreflightPolicy.DEFAULT))
                .contains("analysis.checks.latency.query: the query returned a range vector");

        body = ONE;
        GatePreflight.Result fine = check(latency("up"), PreflightPolicy.DEFAULT.withAllowUnmeasured(true));
        assertThat(fine.clean()).isTrue();
        assertThat(fine.summary()).isEqualTo("metric gate preflight: Prometheus accepted the gate query");
        assertThat(fine.warning(PreflightPolicy.DEFAULT.withAllowUnmeasured(true))).as("a flag that did nothing is named")
                .startsWith("metric gate preflight: allowUnmeasured is set, but Prometheus answered every gate query");
    }

    @Test
    void gatesNobodyWroteAreNamedInWords() {
        List<GatePreflight.Query> queries = GatePreflight.render(List.of(GatePreflight.Gates.described(
                "the default gates after steps[0] (5%)", AnalysisPlan.of(List.of(BuiltInChecks.errorRate())), TARGET)));

        assertThat(queries.get(0).labels()).containsExactly("check 'errorRate' of the default gates after steps[0] (5%)");
    }

    private GatePreflight.Result check(List<GatePreflight.Gates> gates, PreflightPolicy policy) throws Exception {
        HttpPrometheusClient client = new HttpPrometheusClient(PrometheusConnection.of(url())
                .withAuth(PrometheusAuth.bearer(TOKEN)));
        return GatePreflight.check(gates, client, policy, Instant.now()).get(20, TimeUnit.SECONDS);
    }

    private static List<GatePreflight.Gates> latency(String query) {
        return List.of(GatePreflight.Gates.at("analysis", AnalysisPlan.of(List.of(MetricCheck.of("latency", query,
                "< 0.5"))), TARGET));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private HttpServer stub() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.setExecutor(Executors.newCachedThreadPool());
            http.createContext("/", exchange -> {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(URLDecoder.decode(form, StandardCharsets.UTF_8));
                if (stall) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (status == 302) {
                    exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/login");
                }
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
