package io.jenkins.plugins.progressive.engine.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the metric-gate preflight ({@link GatePreflight}) treats a Prometheus that cannot be asked, and how long it
 * waits. A query Prometheus rejects always refuses the rollout; this only decides about a Prometheus that is down,
 * refuses the credentials or answers 5xx.
 *
 * @param allowUnmeasured deploy anyway when the gates cannot measure now (the step's
 *     {@code preflight: [allowUnmeasured: true]}); the gates still run and judge as configured
 * @param timeout how long each preflight query may take; all of a step's queries are sent at once, so this is also
 *     the bound of the whole preflight
 */
public record PreflightPolicy(boolean allowUnmeasured, Duration timeout) {

    /** The bounds of {@link #timeout}: a preflight must be quick, and still allow a slow Thanos one answer. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    /** Refuse when Prometheus cannot be asked; five seconds per query. */
    public static final PreflightPolicy DEFAULT = new PreflightPolicy(false, Duration.ofSeconds(5));

    public PreflightPolicy {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new PlanException("preflight.timeout: must be between 100ms and 60s, was " + timeout);
        }
    }

    public PreflightPolicy withAllowUnmeasured(boolean value) {
        return new PreflightPolicy(value, timeout);
    }

    public PreflightPolicy withTimeout(Duration value) {
        return new PreflightPolicy(allowUnmeasured, value);
    }
}
