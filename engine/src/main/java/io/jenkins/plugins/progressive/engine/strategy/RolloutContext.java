package io.jenkins.plugins.progressive.engine.strategy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.progress.RolloutListener;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every strategy runs with: the cluster, the shared scheduler (no strategy owns a thread), a clock, the
 * Prometheus its gates ask (null when no gate is configured), the engine's metrics and whoever follows the rollout.
 */
public record RolloutContext(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock,
        PrometheusQueries prometheus, EngineMetrics metrics, RolloutListener listener) {

    public RolloutContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        listener = listener == null ? RolloutListener.NONE : listener;
    }
}
