package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The statistical judge against a real Prometheus: canary and stable serve real requests with real latencies, the
 * judge reads both over its lookback with range queries and tells a like-for-like canary from a slower one.
 */
@Tag("needs-tools")
class StatisticalJudgeAgainstPrometheusTest {

    // The mean latency per step; 3 s rate windows on a 1 s scrape give a point per step with ~100 requests behind it.
    private static final String MEAN_LATENCY = "sum(rate(http_request_duration_seconds_sum{namespace=\"{{namespace}}\","
            + "service=\"{{service}}\",version=\"{{version}}\"}[3s])) / sum(rate(http_request_duration_seconds_count{"
            + "namespace=\"{{namespace}}\",service=\"{{service}}\",version=\"{{version}}\"}[3s]))";
    private static final StatisticalJudge JUDGE = StatisticalJudge.DEFAULT
            .withRange(Duration.ofSeconds(20), Duration.ofSeconds(1)).withMinSamples(12);

    private static Sandbox sandbox;
    private static HttpPrometheusClient prometheus;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString()));
        scheduler = Executors.newScheduledThreadPool(2);
        VersionProfile usual = VersionProfile.healthy().withLatency(Duration.ofMillis(40), Duration.ofMillis(90));
        sandbox.workloads().setProfile("same", "1.0", usual);
        sandbox.workloads().setProfile("same", "2.0", usual);
        sandbox.workloads().setProfile("slower", "1.0", usual);
        sandbox.workloads().setProfile("slower", "2.0", VersionProfile.healthy()
                .withLatency(Duration.ofMillis(80), Duration.ofMillis(150)));
        GateWorkloads workloads = new GateWorkloads(sandbox)
                .deploy("same-stable", "same", "1.0", 2).deploy("same-canary", "same", "2.0", 2).serve("same", 60)
                .deploy("slower-stable", "slower", "1.0", 2).deploy("slower-canary", "slower", "2.0", 2)
                .serve("slower", 60);
        for (String service : List.of("same", "slower")) {
            for (String version : List.of("1.0", "2.0")) {
                workloads.awaitData("sum(rate(http_requests_total{service=\"" + service + "\",version=\"" + version
                        + "\"}[3s]))", Duration.ofSeconds(30));
            }
        }
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void aCanaryLikeStablePassesAndASlowerOneFails() {
        AnalysisResult same = analyse("same");
        assertThat(same.verdict()).as(same.reason()).isEqualTo(AnalysisVerdict.PASS);
        Measurement passed = same.measurements().get(same.measurements().size() - 1);
        System.out.println("judge, like-for-like canary: " + passed.explanation());
        assertThat(passed.explanation()).startsWith("no significant increase over the baseline");
        assertThat(passed.baselineQuery()).contains("version=\"1.0\"");

        AnalysisResult slower = analyse("slower");
        assertThat(slower.verdict()).as(slower.reason()).isEqualTo(AnalysisVerdict.FAIL);
        Measurement failed = slower.measurements().get(slower.measurements().size() - 1);
        System.out.println("judge, slower canary: " + failed.explanation());
        assertThat(failed.explanation()).startsWith("higher than the baseline beyond the tolerance");
        // the medians of the two versions' mean latencies (profiles 40/90 ms and 80/150 ms)
        assertThat(failed.values().get(0)).isGreaterThan(1.5 * failed.baselineValues().get(0));
    }

    /** Three measurements two seconds apart; the first rounds may lack points (gaps), which only extend it. */
    private static AnalysisResult analyse(String service) {
        AnalysisPlan plan = AnalysisPlan.of(List.of(MetricCheck.judged("latencyVsStable", MEAN_LATENCY, JUDGE)))
                .withTiming(AnalysisTiming.DEFAULT.withInterval(Duration.ofSeconds(2)).withCount(3))
                .withLimits(new AnalysisLimits(0, 15, 4));
        AnalysisTarget target = AnalysisTarget.of(GateWorkloads.NAMESPACE, service, "2.0", service + "-canary-.*")
                .withBaseline("1.0", service + "-stable-.*");
        try {
            return AnalysisRun.start(plan, target, prometheus, scheduler, Clock.systemUTC(), null, new EngineMetrics())
                    .result().get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("analysis did not finish", e);
        }
    }
}
