package io.jenkins.plugins.progressive.engine.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link HttpHealthCheck} found.
 *
 * @param ok       whether the check passed
 * @param status   the HTTP status of the answer; 0 when there was none (timeout, connection error)
 * @param message  what happened, for the log and the page, e.g. {@code GET web:80/healthz answered 500, expected
 *                 200: web-7d9f 2.0 500}; a body is quoted to at most 200 characters
 * @param duration from sending the request to judging the answer
 */
public record HealthCheckResult(boolean ok, int status, String message, Duration duration) {

    public HealthCheckResult {
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(duration, "duration must not be null");
    }
}
