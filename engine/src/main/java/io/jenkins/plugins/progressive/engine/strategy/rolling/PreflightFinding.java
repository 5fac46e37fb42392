package io.jenkins.plugins.progressive.engine.strategy.rolling;

import java.util.Objects;

/**
 * Something a check before the rollout found about the workload: an error stops the rollout before any write, a
 * warning is shown and the rollout goes on.
 *
 * @param severity whether the rollout may start
 * @param code a stable identifier for tooling and docs, e.g. {@code NO_READINESS_PROBE}
 * @param message what was found and why it matters, naming the object and the field, e.g. {@code container web has no
 *     readiness probe: ...}
 */
public record PreflightFinding(Severity severity, String code, String message) {

    /** Whether a finding stops the rollout. */
    public enum Severity {
        /** The rollout would not be zero-downtime, or cannot run; it must not start. */
        ERROR,
        /** A risk worth a look; the rollout still starts. */
        WARNING
    }

    public PreflightFinding {
        Objects.requireNonNull(severity, "severity");
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank");
        }
        Objects.requireNonNull(message, "message");
    }

    public static PreflightFinding error(String code, String message) {
        return new PreflightFinding(Severity.ERROR, code, message);
    }

    public static PreflightFinding warning(String code, String message) {
        return new PreflightFinding(Severity.WARNING, code, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line for the build log: {@code ERROR NO_AVAILABLE_PODS: maxUnavailable 100% ...}. */
    public String describe() {
        return severity + " " + code + ": " + message;
    }
}
