package io.jenkins.plugins.progressive.sandbox.api;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One injected API-server misbehaviour: requests whose method and path match answer with an error status, or are
 * delayed, for a number of times (or forever).
 *
 * <p>Faults never hit the sandbox's own controller simulator (recognised by its user agent), because a real control
 * plane keeps reconciling while clients see errors; only the client under test is disturbed.
 *
 * @param method HTTP method to match ({@code GET}, {@code PATCH}, ...), or {@code null} for any
 * @param path regular expression matched against the request path without the query string
 * @param status HTTP status to answer with (e.g. 500, 409, 429), or 0 to pass the request through after {@code delay}
 * @param delay latency added before the answer; {@link Duration#ZERO} for none
 * @param times how many matching requests the fault applies to; negative for every request until cleared
 */
public record ApiFault(String method, Pattern path, int status, Duration delay, int times) {

    public ApiFault {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(delay, "delay");
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 (pass through) or an HTTP error 400..599, was " + status);
        }
        if (status == 0 && delay.isZero()) {
            throw new IllegalArgumentException("a fault needs an error status or a delay");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
    }

    /** Answers {@code status} to the next {@code times} requests matching method and path regex. */
    public static ApiFault error(String method, String pathRegex, int status, int times) {
        return new ApiFault(method, Pattern.compile(pathRegex), status, Duration.ZERO, times);
    }

    /** Delays every request matching method and path regex until the fault is cleared. */
    public static ApiFault latency(String method, String pathRegex, Duration delay) {
        return new ApiFault(method, Pattern.compile(pathRegex), 0, delay, -1);
    }

    boolean matches(String requestMethod, String requestPath) {
        return (method == null || method.equalsIgnoreCase(requestMethod)) && path.matcher(requestPath).matches();
    }
}
