package io.jenkins.plugins.progressive.engine.strategy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.analysis.PreflightPolicy;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.progress.RolloutListener;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every strategy runs with: the cluster, the shared scheduler (no strategy owns a thread), a clock, the
 * Prometheus its gates ask (null when no gate is configured), the engine's metrics, whoever follows the rollout, and
 * how the metric-gate preflight treats a Prometheus that cannot be asked (the step's {@code preflight} parameter).
 */
public record RolloutContext(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock,
        PrometheusQueries prometheus, EngineMetrics metrics, RolloutListener listener, PreflightPolicy preflight) {

    public RolloutContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        listener = listener == null ? RolloutListener.NONE : listener;
        preflight = preflight == null ? PreflightPolicy.DEFAULT : preflight;
    }

    /** A context with the default preflight policy: a Prometheus that cannot be asked refuses the rollout. */
    public RolloutContext(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock,
            PrometheusQueries prometheus, EngineMetrics metrics, RolloutListener listener) {
        this(client, scheduler, clock, prometheus, metrics, listener, null);
    }

    public RolloutContext withPreflight(PreflightPolicy value) {
        return new RolloutContext(client, scheduler, clock, prometheus, metrics, listener, value);
    }
}
