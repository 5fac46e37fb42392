package io.jenkins.plugins.progressive.engine.benchmark;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisResult;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisRun;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisVerdict;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Harness: what one measurement round costs beyond Prometheus' own query time. For N checks it times (a) a whole
 * analysis round through the engine (schedule, resolve templates, N async queries, parse, evaluate, tally, verdict)
 * and (b) the same N resolved queries sent raw with the JDK HTTP client, answers read but not parsed, against the
 * sandbox's real Prometheus; the difference is the engine's overhead. Prints medians and 90th percentiles.
 *
 * <p>Run: {@code mvn -q -P offline -pl engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.jenkins.plugins.progressive.engine.benchmark.MeasurementRoundBenchmark}
 */
public final class MeasurementRoundBenchmark {

    private static final int WARMUP = 30;
    private static final int ROUNDS = 200;

    private MeasurementRoundBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (Sandbox sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start()) {
            deploy(sandbox);
            URI prometheusUrl = sandbox.prometheus().url();
            HttpPrometheusClient client = new HttpPrometheusClient(PrometheusConnection.of(prometheusUrl.toString()));
            HttpClient raw = HttpClient.newHttpClient();
            System.out.printf("machine: %d cores, %s %s; Prometheus at %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), prometheusUrl);
            System.out.println("checks | engine round median/p90 ms | raw queries median/p90 ms | overhead per round ms | per measurement ms");
            for (int n : new int[] {1, 4, 16}) {
                List<MetricCheck> checks = checks(n);
                AnalysisPlan plan = AnalysisPlan.of(checks).withTiming(AnalysisTiming.DEFAULT.withCount(1)
                        .withInterval(Duration.ofSeconds(5)));
                AnalysisTarget target = AnalysisTarget.of("bench", "bench", "1.0", "bench-.*");
                List<String> resolved = checks.stream().map(c -> c.query().text().replace("{{namespace}}", "bench")
                        .replace("{{service}}", "bench").replace("{{version}}", "1.0").replace("{{window}}", "5s")).toList();
                double[] engine = new double[ROUNDS];
                double[] direct = new double[ROUNDS];
                for (int i = -WARMUP; i < ROUNDS; i++) {
                    long started = System.nanoTime();
                    AnalysisResult result = AnalysisRun.start(plan, target, client, scheduler, Clock.systemUTC(), null,
                            new EngineMetrics()).result().get(10, TimeUnit.SECONDS);
                    long engineNanos = System.nanoTime() - started;
                    if (result.verdict() != AnalysisVerdict.PASS) {
                        throw new IllegalStateException("benchmark checks must pass: " + result.reason());
                    }
                    started = System.nanoTime();
                    rawRound(raw, prometheusUrl, resolved);
                    long rawNanos = System.nanoTime() - started;
                    if (i >= 0) {
                        engine[i] = engineNanos / 1e6;
                        direct[i] = rawNanos / 1e6;
                    }
                }
                double overhead = percentile(engine, 50) - percentile(direct, 50);
                System.out.printf("%6d | %8.2f / %8.2f | %8.2f / %8.2f | %8.2f | %8.3f%n", n, percentile(engine, 50),
                        percentile(engine, 90), percentile(direct, 50), percentile(direct, 90), overhead, overhead / n);
            }
        } finally {
            scheduler.shutdownNow();
        }
        System.exit(0);
    }

    /** N distinct error-rate checks (distinct text, so the round cannot share their queries). */
    private static List<MetricCheck> checks(int n) {
        List<MetricCheck> checks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            checks.add(MetricCheck.of("errorRate" + i, "(sum(rate(http_requests_total{namespace=\"{{namespace}}\","
                    + "service=\"{{service}}\",version=\"{{version}}\",code=~\"5..\"}[{{window}}])) or vector(0))"
                    + " / sum(rate(http_requests_total{namespace=\"{{namespace}}\",service=\"{{service}}\","
                    + "version=\"{{version}}\"}[{{window}}])) + 0 * " + i, "< 1%"));
        }
        return checks;
    }

    private static void rawRound(HttpClient raw, URI base, List<String> queries) {
        String time = String.valueOf(Instant.now().toEpochMilli() / 1000.0);
        List<CompletableFuture<HttpResponse<String>>> answers = queries.stream().map(q -> raw.sendAsync(
                HttpRequest.newBuilder(base.resolve("api/v1/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                                + "&time=" + time)).build(),
                HttpResponse.BodyHandlers.ofString())).toList();
        answers.forEach(CompletableFuture::join);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void deploy(Sandbox sandbox) throws InterruptedException {
        sandbox.client().apps().deployments().inNamespace("bench").resource(new DeploymentBuilder()
                .withNewMetadata().withName("bench").withNamespace("bench").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "bench").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "bench").endMetadata()
                        .withNewSpec().addNewContainer().withName("bench").withImage("shop/bench:1.0").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().services().inNamespace("bench").resource(new ServiceBuilder()
                .withNewMetadata().withName("bench").withNamespace("bench").endMetadata()
                .withNewSpec().addToSelector("app", "bench").addNewPort().withPort(80).endPort().endSpec().build()).create();
        sandbox.startLoad(LoadSpec.of("bench", "bench", 50));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var rate = sandbox.prometheus().instantQuery("sum(rate(http_requests_total{service=\"bench\"}[5s]))");
            if (rate.isPresent() && rate.getAsDouble() > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no bench traffic in Prometheus within 30 s");
    }
}
