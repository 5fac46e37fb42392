package io.jenkins.plugins.progressive.engine.strategy;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisResult;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisRun;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisVerdict;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.HealthCheckResult;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.cluster.ServiceProxyProbe;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The checks between two steps of a rollout: HTTP health checks through the service proxy, then the metric gates.
 * Completes normally when everything passed, and with a {@link RolloutFailure} carrying the numbers otherwise.
 * Every result is reported as it comes.
 */
public final class StepVerification {

    private StepVerification() {
    }

    public static CompletableFuture<Void> verify(RolloutContext context, String namespace, String step,
            List<HttpHealthCheck> healthChecks, AnalysisPlan analysis, AnalysisTarget target) {
        return healthChecks(context, namespace, step, healthChecks)
                .thenCompose(ignored -> analysis == null ? CompletableFuture.completedFuture(null)
                        : gates(context, step, analysis, target));
    }

    private static CompletableFuture<Void> healthChecks(RolloutContext context, String namespace, String step,
            List<HttpHealthCheck> checks) {
        if (checks.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<HealthCheckResult>> probes = checks.stream()
                .map(check -> ServiceProxyProbe.probe(context.client(), namespace, check)).toList();
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenAccept(ignored -> {
            for (CompletableFuture<HealthCheckResult> probe : probes) {
                HealthCheckResult result = probe.join();
                context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(),
                        step + ": health check " + result.message(), result.ok()));
                if (!result.ok()) {
                    throw new RolloutFailure("health", step + ": health check failed: " + result.message());
                }
            }
        });
    }

    private static CompletableFuture<Void> gates(RolloutContext context, String step, AnalysisPlan analysis,
            AnalysisTarget target) {
        if (context.prometheus() == null) {
            return CompletableFuture.failedFuture(new RolloutFailure("error",
                    step + ": metric gates are configured but no Prometheus is connected"));
        }
        AnalysisListener listener = new AnalysisListener() {
            @Override
            public void onMeasurement(Measurement m) {
                forward(context, m);
                context.listener().onEvent(new RolloutEvent.Decision(m.time(), step + ": gate " + m.check()
                        + (m.dryRun() ? " (dry run)" : "") + ": " + m.verdict() + " — " + m.explanation(),
                        m.verdict() == MeasurementVerdict.PASS));
            }
        };
        return AnalysisRun.start(analysis, target, context.prometheus(), context.scheduler(), context.clock(), listener,
                context.metrics()).result().thenAccept(result -> judge(context, step, result));
    }

    /**
     * The gates for the last step: once every replica runs the new version there is no baseline left to compare
     * with, so comparative checks are dropped; null when nothing deciding is left.
     */
    public static AnalysisPlan withoutComparisons(AnalysisPlan plan) {
        if (plan == null || !plan.isComparative()) {
            return plan;
        }
        List<MetricCheck> absolute = plan.checks().stream().filter(c -> !c.condition().isComparative()).toList();
        if (absolute.stream().allMatch(MetricCheck::dryRun)) {
            return null;
        }
        try {
            return new AnalysisPlan(absolute, plan.timing(), plan.limits(), plan.requestCountQuery(), plan.variables());
        } catch (PlanException e) {
            return null;
        }
    }

    /** Listeners that also take measurements (the progress recorder) get them whole, for charts. */
    public static void forward(RolloutContext context, Measurement measurement) {
        if (context.listener() instanceof AnalysisListener analysis) {
            analysis.onMeasurement(measurement);
        }
    }

    private static void judge(RolloutContext context, String step, AnalysisResult result) {
        context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(),
                step + ": analysis " + result.verdict() + " — " + result.reason(), result.verdict() == AnalysisVerdict.PASS));
        if (result.verdict() == AnalysisVerdict.FAIL) {
            throw new RolloutFailure("gate", step + ": metric gate failed: " + result.reason());
        }
        if (result.verdict() == AnalysisVerdict.INCONCLUSIVE) {
            throw new RolloutFailure("inconclusive", step + ": metric gates were inconclusive: " + result.reason());
        }
    }
}
