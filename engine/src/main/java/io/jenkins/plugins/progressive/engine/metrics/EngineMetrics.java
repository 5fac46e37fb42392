package io.jenkins.plugins.progressive.engine.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The engine's own metrics, in a registry of its own (not the JVM-wide default one) so the plugin decides where
 * they are exposed and tests can read them:
 * {@code rollouts_total{strategy,result}}, {@code rollout_duration_seconds{strategy}},
 * {@code rollbacks_total{strategy,reason}}, {@code analysis_measurements_total{check,verdict}}.
 */
public final class EngineMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter rollouts = Counter.builder().name("rollouts_total")
            .help("Rollouts finished, by strategy and result").labelNames("strategy", "result").register(registry);
    private final Histogram rolloutDuration = Histogram.builder().name("rollout_duration_seconds")
            .help("Time from the start of a rollout to its end").labelNames("strategy")
            .classicUpperBounds(10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200).register(registry);
    private final Counter rollbacks = Counter.builder().name("rollbacks_total")
            .help("Rollbacks, by strategy and reason").labelNames("strategy", "reason").register(registry);
    private final Counter measurements = Counter.builder().name("analysis_measurements_total")
            .help("Metric-gate measurements, by check and verdict").labelNames("check", "verdict").register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The metrics in Prometheus' text format, for an endpoint a Prometheus scrapes. */
    public String exposition() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing to memory failed", e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public void rolloutFinished(String strategy, String result, Duration duration) {
        rollouts.labelValues(strategy, result).inc();
        rolloutDuration.labelValues(strategy).observe(duration.toMillis() / 1000.0);
    }

    public void rolledBack(String strategy, String reason) {
        rollbacks.labelValues(strategy, reason).inc();
    }

    public void measured(String check, String verdict) {
        measurements.labelValues(check, verdict).inc();
    }

    /** The current count of measurements of a check with a verdict; for tests and the progress page. */
    public double measurementCount(String check, String verdict) {
        return measurements.labelValues(check, verdict).get();
    }
}
