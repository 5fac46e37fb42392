package io.jenkins.plugins.progressive.engine.strategy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.analysis.PreflightPolicy;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.cluster.LeaseFence;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every strategy runs with: the cluster, the shared scheduler (no strategy owns a thread), a clock, the
 * Prometheus its gates ask (null when no gate is configured), the engine's metrics, whoever follows the rollout, how
 * the metric-gate preflight treats a Prometheus that cannot be asked (the step's {@code preflight} parameter), and the
 * TTL of the workload lease every strategy holds ({@link #LEASE_TTL}; tests shorten it).
 */
public record RolloutContext(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock,
        PrometheusQueries prometheus, EngineMetrics metrics, RolloutListener listener, PreflightPolicy preflight,
        Duration leaseTtl) {

    /** How long a workload's lease outlives its holder's last renewal; the holder stops writing after 2/3 of it. */
    public static final Duration LEASE_TTL = Duration.ofSeconds(60);

    public RolloutContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        listener = listener == null ? RolloutListener.NONE : listener;
        preflight = preflight == null ? PreflightPolicy.DEFAULT : preflight;
        leaseTtl = leaseTtl == null ? LEASE_TTL : leaseTtl;
    }

    public RolloutContext(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock,
            PrometheusQueries prometheus, EngineMetrics metrics, RolloutListener listener, PreflightPolicy preflight) {
        this(client, scheduler, clock, prometheus, metrics, listener, preflight, null);
    }

    /** A context with the default preflight policy: a Prometheus that cannot be asked refuses the rollout. */
    public RolloutContext(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock,
            PrometheusQueries prometheus, EngineMetrics metrics, RolloutListener listener) {
        this(client, scheduler, clock, prometheus, metrics, listener, null, null);
    }

    public RolloutContext withPreflight(PreflightPolicy value) {
        return new RolloutContext(client, scheduler, clock, prometheus, metrics, listener, value, leaseTtl);
    }

    /** The same context with another lease TTL (1 s to 1 h, checked when the lease is taken). */
    public RolloutContext withLeaseTtl(Duration value) {
        return new RolloutContext(client, scheduler, clock, prometheus, metrics, listener, preflight, value);
    }

    /** The same context writing through {@code value}: a strategy's {@link LeaseFence#client() fenced} client. */
    public RolloutContext withClient(KubernetesClient value) {
        return new RolloutContext(value, scheduler, clock, prometheus, metrics, listener, preflight, leaseTtl);
    }

    /**
     * The fence a strategy holds its lease with, and the context it runs in: every write through the returned
     * context's client is checked against that lease. The one place the lease meets the writes (issue 16 folds the
     * strategies' lifecycles; this stays).
     */
    public Fenced fenced() {
        LeaseFence fence = new LeaseFence(client);
        return new Fenced(withClient(fence.client()), fence);
    }

    /** A context whose writes pass the fence, and the fence. */
    public record Fenced(RolloutContext context, LeaseFence fence) {
    }
}
