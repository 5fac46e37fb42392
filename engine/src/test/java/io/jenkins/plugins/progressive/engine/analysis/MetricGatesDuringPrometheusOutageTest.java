package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prometheus goes away in the middle of an analysis and comes back: while it is away nothing passes and the analysis
 * does not decide; once it is back, measurements resume where they left off. Uses a Prometheus of its own, so the
 * outage is real (the process is stopped) without disturbing other tests.
 */
@Tag("needs-tools")
class MetricGatesDuringPrometheusOutageTest {

    @Test
    void anOutageGivesErrorsNeverPassesAndMeasurementsResumeAfterIt() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try (Sandbox sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.OWN).start()) {
            new GateWorkloads(sandbox).deploy("web", "web", "1.0", 2).serve("web", 40)
                    .awaitData("sum(rate(http_requests_total{service=\"web\"}[3s]))", Duration.ofSeconds(30));
            HttpPrometheusClient prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString())
                    .withTimeout(Duration.ofMillis(500)));
            AnalysisPlan plan = AnalysisPlan.of(List.of(BuiltInChecks.errorRate()))
                    .withTiming(AnalysisTiming.DEFAULT.withInterval(Duration.ofMillis(1000)).withCount(0)
                            .withWindow(Duration.ofSeconds(3)))
                    // After the outage the window holds a gap, so the first answers may have no data: tolerate them.
                    .withLimits(new AnalysisLimits(0, 20, 30));
            List<Measurement> seen = new CopyOnWriteArrayList<>();
            AnalysisRun run = AnalysisRun.start(plan, AnalysisTarget.of("gates", "web", "1.0", "web-.*"), prometheus,
                    scheduler, Clock.systemUTC(), new AnalysisListener() {
                        @Override
                        public void onMeasurement(Measurement measurement) {
                            seen.add(measurement);
                        }
                    }, new EngineMetrics());
            MetricGatesAgainstPrometheusTest.awaitMeasurements(seen, 2);
            assertThat(seen).allSatisfy(m -> assertThat(m.verdict()).isEqualTo(MeasurementVerdict.PASS));

            sandbox.prometheus().suspend();
            int beforeOutage = seen.size();
            MetricGatesAgainstPrometheusTest.awaitMeasurements(seen, beforeOutage + 3);
            List<Measurement> duringOutage = List.copyOf(seen.subList(beforeOutage, seen.size()));
            assertThat(duringOutage).allSatisfy(m -> {
                assertThat(m.verdict()).isEqualTo(MeasurementVerdict.ERROR);
                assertThat(m.explanation()).startsWith("could not measure (unreachable)");
            });
            assertThat(run.result()).as("the analysis waits out errors up to its limit").isNotDone();

            sandbox.prometheus().resume();
            int afterOutage = seen.size();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.subList(afterOutage, seen.size()).stream().noneMatch(m -> m.verdict() == MeasurementVerdict.PASS)
                    && System.nanoTime() < deadline) {
                GateWorkloads.sleep(Duration.ofMillis(100));
            }
            assertThat(seen.subList(afterOutage, seen.size())).as("measurements after Prometheus came back: %s",
                    seen.stream().map(m -> m.verdict() + " " + m.explanation()).toList())
                    .anyMatch(m -> m.verdict() == MeasurementVerdict.PASS)
                    .allMatch(m -> m.verdict() != MeasurementVerdict.FAIL);
            run.stop();
            assertThat(run.result().get().verdict()).isEqualTo(AnalysisVerdict.PASS);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void tooManyErrorsInARowMakeTheAnalysisInconclusive() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try {
            // Nothing listens on this port: every measurement is an error.
            HttpPrometheusClient nowhere = new HttpPrometheusClient(PrometheusConnection.of("http://127.0.0.1:9"));
            AnalysisPlan plan = AnalysisPlan.of(List.of(BuiltInChecks.errorRate()))
                    .withTiming(AnalysisTiming.DEFAULT.withInterval(Duration.ofMillis(100)).withCount(5)
                            .withWindow(Duration.ofSeconds(3)))
                    .withLimits(new AnalysisLimits(0, 0, 2));
            AnalysisResult result = AnalysisRun.start(plan, AnalysisTarget.of("gates", "web", "1.0", "web-.*"), nowhere,
                    scheduler, Clock.systemUTC(), null, new EngineMetrics()).result().get();
            assertThat(result.verdict()).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
            assertThat(result.measurements()).hasSize(3).allMatch(m -> m.verdict() == MeasurementVerdict.ERROR);
            assertThat(result.reason())
                    .startsWith("check 'errorRate': could not measure: 3 errors in a row (consecutiveErrorLimit 2)");
        } finally {
            scheduler.shutdownNow();
        }
    }
}
