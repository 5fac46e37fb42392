package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The metric gates against real workloads and the real Prometheus: healthy versions pass the built-in checks, bad
 * ones fail them, idle ones are inconclusive, and comparative checks tell a canary worse than stable. Every service
 * has its own Deployments and traffic, so the scenarios do not disturb each other.
 */
@Tag("needs-tools")
class MetricGatesAgainstPrometheusTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private static Sandbox sandbox;
    private static HttpPrometheusClient prometheus;
    private static ScheduledExecutorService scheduler;
    private static final EngineMetrics METRICS = new EngineMetrics();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString()));
        scheduler = Executors.newScheduledThreadPool(2);
        sandbox.workloads().setProfile("slow", "1.0", VersionProfile.healthy()
                .withLatency(Duration.ofMillis(120), Duration.ofMillis(400)));
        sandbox.workloads().setProfile("cmp", "1.0", VersionProfile.healthy()
                .withLatency(Duration.ofMillis(40), Duration.ofMillis(90)));
        sandbox.workloads().setProfile("cmp", "2.0", VersionProfile.healthy()
                .withLatency(Duration.ofMillis(40), Duration.ofMillis(90)));
        new GateWorkloads(sandbox)
                .deploy("healthy", "healthy", "1.0", 2).serve("healthy", 40)
                .deploy("errors", "errors", "1.0", 2).serve("errors", 60)
                .deploy("slow", "slow", "1.0", 2).serve("slow", 40)
                .deploy("idle", "idle", "1.0", 1).serve("idle", 0)
                .deploy("cmp-stable", "cmp", "1.0", 2).deploy("cmp-canary", "cmp", "2.0", 2).serve("cmp", 80);
        GateWorkloads workloads = new GateWorkloads(sandbox);
        for (String service : List.of("healthy", "errors", "slow")) {
            workloads.awaitData("sum(rate(http_requests_total{namespace=\"gates\",service=\"" + service + "\"}[3s]))",
                    Duration.ofSeconds(30));
        }
        workloads.awaitData("sum(rate(http_requests_total{service=\"cmp\",version=\"2.0\"}[3s]))", Duration.ofSeconds(30));
        // The comparative test judges stable as the baseline over a 10 s window: both sides need data in it first.
        workloads.awaitData("sum(rate(http_requests_total{service=\"cmp\",version=\"1.0\"}[10s]))", Duration.ofSeconds(30));
        workloads.awaitData("sum(rate(http_requests_total{service=\"cmp\",version=\"2.0\"}[10s]))", Duration.ofSeconds(30));
        workloads.awaitData("sum(rate(container_cpu_usage_seconds_total{pod=~\"healthy-.*\"}[3s]))", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void aHealthyVersionPassesTheFourBuiltInChecks() {
        AnalysisResult result = analyse(BuiltInChecks.all(), target("healthy", "1.0"), 2);
        assertThat(result.verdict()).as(result.reason()).isEqualTo(AnalysisVerdict.PASS);
        assertThat(result.measurements()).extracting(Measurement::check).contains("errorRate", "latencyP99", "cpu", "memory");
        assertThat(result.measurements()).allSatisfy(m -> {
            assertThat(m.verdict()).as(m.check() + ": " + m.explanation()).isEqualTo(MeasurementVerdict.PASS);
            assertThat(m.query()).contains("gates").doesNotContain("{{");
        });
        assertThat(METRICS.measurementCount("cpu", "PASS")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void errorsFailTheErrorRateWithinTwoIntervalsOfStarting() throws Exception {
        AnalysisPlan plan = plan(List.of(BuiltInChecks.errorRate()), 30, Duration.ofSeconds(3)).withTiming(
                AnalysisTiming.DEFAULT.withInterval(Duration.ofSeconds(3)).withCount(30));
        List<Measurement> seen = new CopyOnWriteArrayList<>();
        AnalysisRun run = AnalysisRun.start(plan, target("errors", "1.0"), prometheus, scheduler, Clock.systemUTC(),
                listener(seen), METRICS);
        awaitMeasurements(seen, 1);
        assertThat(seen.get(0).verdict()).as(seen.get(0).explanation()).isEqualTo(MeasurementVerdict.PASS);

        Instant errorsStart = Instant.now();
        sandbox.workloads().setProfile("errors", "1.0", VersionProfile.healthy().withErrorRate(0.05));
        AnalysisResult result = run.result().get(30, TimeUnit.SECONDS);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(AnalysisVerdict.FAIL);
        Measurement failed = result.measurements().get(result.measurements().size() - 1);
        assertThat(failed.verdict()).isEqualTo(MeasurementVerdict.FAIL);
        Duration detected = Duration.between(errorsStart, failed.time());
        System.out.printf("5%% errors detected by the error-rate gate %d ms after they started (interval 3 s)%n",
                detected.toMillis());
        assertThat(detected).isLessThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(result.reason()).startsWith("check 'errorRate': 1 failed measurement (failureLimit 0); last: ")
                .contains("violates < 1%");
    }

    @Test
    void aSlowVersionFailsTheLatencyCheck() {
        AnalysisResult result = analyse(List.of(BuiltInChecks.latencyP99()), target("slow", "1.0"), 3);
        assertThat(result.verdict()).isEqualTo(AnalysisVerdict.FAIL);
        Measurement failed = result.measurements().get(0);
        assertThat(failed.values().get(0)).as("p99 in seconds").isGreaterThan(0.2);
        assertThat(failed.explanation()).contains("violates < 200ms");
    }

    @Test
    void aVersionWithoutTrafficIsInconclusiveNotPassed() {
        AnalysisResult result = analyse(List.of(BuiltInChecks.errorRate(), BuiltInChecks.latencyP99()),
                target("idle", "1.0"), 2);
        assertThat(result.verdict()).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
        assertThat(result.measurements()).noneMatch(m -> m.verdict() == MeasurementVerdict.PASS);

        AnalysisResult guarded = analyse(List.of(BuiltInChecks.errorRate().withCondition("< 100%").withMinRequests(50)),
                target("idle", "1.0"), 2);
        assertThat(guarded.verdict()).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
        assertThat(guarded.reason()).contains("fewer than minRequests 50");
    }

    @Test
    void comparativeChecksPassWhenCanaryMatchesStableAndFailWhenItIsWorse() {
        // Comparing a p99 between two identical versions is noise-bound on a loaded 2-core machine (real sleeps, and a
        // classic-bucket p99 jumps when a few requests cross a bucket boundary), so "canary equals stable" is shown on
        // the error rate, and the latency comparison on a canary that is clearly worse.
        AnalysisTarget canary = target("cmp", "2.0").withBaseline("1.0", "cmp-stable-.*");
        AnalysisResult same = analyse(List.of(BuiltInChecks.errorRate().withCondition("<= baseline + 0.5%")), canary, 2,
                Duration.ofSeconds(10));
        assertThat(same.verdict()).as(same.reason()).isEqualTo(AnalysisVerdict.PASS);
        assertThat(same.measurements()).allSatisfy(m -> assertThat(m.baselineQuery()).contains("version=\"1.0\""));

        sandbox.workloads().setProfile("cmp", "2.0", VersionProfile.healthy().withErrorRate(0.05)
                .withLatency(Duration.ofMillis(200), Duration.ofMillis(400)));
        AnalysisResult worse = analyse(List.of(BuiltInChecks.errorRate().withCondition("<= baseline + 0.5%"),
                BuiltInChecks.latencyP99().withCondition("<= 1.5 * baseline")), canary, 6, Duration.ofSeconds(3));
        assertThat(worse.verdict()).as(worse.reason()).isEqualTo(AnalysisVerdict.FAIL);
        assertThat(worse.reason()).containsAnyOf("violates <= baseline + 0.5% (baseline 0", "violates <= 1.5 * baseline (baseline 0");
    }

    // --- helpers

    private static AnalysisTarget target(String service, String version) {
        String deployment = service.equals("cmp") ? "cmp-canary" : service;
        return AnalysisTarget.of(GateWorkloads.NAMESPACE, service, version, deployment + "-.*");
    }

    private static AnalysisPlan plan(List<MetricCheck> checks, int count, Duration window) {
        return AnalysisPlan.of(checks).withTiming(AnalysisTiming.DEFAULT.withInterval(INTERVAL).withCount(count)
                .withWindow(window));
    }

    private static AnalysisResult analyse(List<MetricCheck> checks, AnalysisTarget target, int count) {
        return analyse(checks, target, count, Duration.ofSeconds(3));
    }

    private static AnalysisResult analyse(List<MetricCheck> checks, AnalysisTarget target, int count, Duration window) {
        try {
            return AnalysisRun.start(plan(checks, count, window), target, prometheus, scheduler, Clock.systemUTC(), null, METRICS)
                    .result().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("analysis did not finish", e);
        }
    }

    private static AnalysisListener listener(List<Measurement> seen) {
        return new AnalysisListener() {
            @Override
            public void onMeasurement(Measurement measurement) {
                seen.add(measurement);
            }
        };
    }

    static void awaitMeasurements(List<Measurement> seen, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            GateWorkloads.sleep(Duration.ofMillis(50));
        }
        assertThat(seen).as("measurements taken").hasSizeGreaterThanOrEqualTo(count);
    }
}
