package io.jenkins.plugins.progressive.engine.analysis;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running analysis. No thread waits for it: each round is a task on a shared scheduler that sends its queries
 * asynchronously and records the answers when they arrive; the next round is scheduled from there. A round asks each
 * distinct query once, however many checks share it (the request count of the minimum-traffic guard, typically).
 *
 * <p>States: waiting for the initial delay → measuring (round after round) → decided (PASS, FAIL, INCONCLUSIVE) or
 * stopped. {@link #result()} completes exactly once.
 */
public final class AnalysisRun {

    private final AnalysisPlan plan;
    private final AnalysisTarget target;
    private final PrometheusQueries prometheus;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final AnalysisListener listener;
    private final EngineMetrics metrics;
    private final AnalysisTally tally;
    private final CompletableFuture<AnalysisResult> result = new CompletableFuture<>();
    private ScheduledFuture<?> next;

    private AnalysisRun(AnalysisPlan plan, AnalysisTarget target, PrometheusQueries prometheus,
            ScheduledExecutorService scheduler, Clock clock, AnalysisListener listener, EngineMetrics metrics) {
        this.plan = plan;
        this.target = target;
        this.prometheus = prometheus;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
        this.metrics = metrics;
        this.tally = new AnalysisTally(plan);
    }

    /**
     * Validates the target against the plan and starts measuring after the plan's initial delay.
     *
     * @throws PlanException if a check compares with a baseline and the target has none
     */
    public static AnalysisRun start(AnalysisPlan plan, AnalysisTarget target, PrometheusQueries prometheus,
            ScheduledExecutorService scheduler, Clock clock, AnalysisListener listener, EngineMetrics metrics) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(target, "target");
        if (target.baseline().isEmpty()) {
            plan.checks().stream().filter(c -> c.condition().isComparative()).findFirst().ifPresent(c -> {
                throw PlanException.of(c.name(), "condition", "'" + c.condition().text()
                        + "' compares with the baseline, but the analysis has no baseline version");
            });
        }
        AnalysisRun run = new AnalysisRun(plan, target, Objects.requireNonNull(prometheus, "prometheus"),
                Objects.requireNonNull(scheduler, "scheduler"), Objects.requireNonNull(clock, "clock"),
                listener == null ? AnalysisListener.NONE : listener, Objects.requireNonNull(metrics, "metrics"));
        run.schedule(plan.timing().initialDelay());
        return run;
    }

    /** Completes with the verdict; never exceptionally. */
    public CompletableFuture<AnalysisResult> result() {
        return result;
    }

    /**
     * Ends the analysis now, e.g. because the strategy moved on: what was measured so far decides, and an analysis
     * that has not measured every check is inconclusive, not passed.
     */
    public synchronized void stop() {
        if (!result.isDone()) {
            tally.stop();
            finish();
        }
    }

    private synchronized void schedule(Duration delay) {
        if (!result.isDone()) {
            next = scheduler.schedule(this::round, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void round() {
        Instant started = clock.instant();
        Map<String, CompletableFuture<QueryResult>> asked = new HashMap<>();
        Map<String, String> versionValues = target.placeholders(plan);
        Map<String, String> baselineValues = target.baseline().map(b -> b.placeholders(plan)).orElse(Map.of());
        List<CompletableFuture<Measurement>> measurements = new ArrayList<>();
        for (MetricCheck check : plan.checks()) {
            String query = check.query().resolve(versionValues);
            String baselineQuery = check.condition().isComparative() ? check.query().resolve(baselineValues) : null;
            String countQuery = check.minRequests() > 0 ? plan.requestCountQuery().resolve(versionValues) : null;
            Optional<StatisticalJudge> judge = check.judge();
            CompletableFuture<QueryResult> answer = judge.isPresent() ? askRange(asked, query, started, judge.get())
                    : ask(asked, query, started);
            CompletableFuture<QueryResult> baseline = judge.isPresent()
                    ? askRange(asked, baselineQuery, started, judge.get()) : ask(asked, baselineQuery, started);
            CompletableFuture<QueryResult> count = ask(asked, countQuery, started);
            measurements.add(CompletableFuture.allOf(answer, baseline, count).thenApply(ignored -> CheckEvaluator.evaluate(
                    check, new CheckEvaluator.Answers(query, answer.join(), baselineQuery, baseline.join(),
                            countQuery, count.join()), started)));
        }
        CompletableFuture.allOf(measurements.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            List<Measurement> taken = measurements.stream().filter(f -> !f.isCompletedExceptionally())
                    .map(CompletableFuture::join).toList();
            recordRound(taken, started);
        });
    }

    private CompletableFuture<QueryResult> ask(Map<String, CompletableFuture<QueryResult>> asked, String query,
            Instant time) {
        if (query == null) {
            return CompletableFuture.completedFuture(null);
        }
        return asked.computeIfAbsent(query, q -> prometheus.query(q, time));
    }

    /** The points of the judge's lookback up to {@code time}, aligned on its step so rounds read the same grid. */
    private CompletableFuture<QueryResult> askRange(Map<String, CompletableFuture<QueryResult>> asked, String query,
            Instant time, StatisticalJudge judge) {
        long step = judge.step().toMillis();
        Instant end = Instant.ofEpochMilli(time.toEpochMilli() / step * step);
        Instant start = end.minus(judge.lookback());
        String key = "range " + judge.lookback() + " " + judge.step() + " " + query;
        return asked.computeIfAbsent(key, k -> prometheus.queryRange(query, start, end, judge.step()));
    }

    private synchronized void recordRound(List<Measurement> taken, Instant started) {
        if (result.isDone()) {
            return;
        }
        for (Measurement measurement : taken) {
            tally.record(measurement);
            metrics.measured(measurement.check(), measurement.verdict().name());
            listener.onMeasurement(measurement);
        }
        if (tally.verdict() != AnalysisVerdict.RUNNING) {
            finish();
            return;
        }
        Duration elapsed = Duration.between(started, clock.instant());
        schedule(plan.timing().interval().minus(elapsed));
    }

    private void finish() {
        if (next != null) {
            next.cancel(false);
        }
        AnalysisResult outcome = tally.result();
        listener.onDone(outcome);
        result.complete(outcome);
    }
}
