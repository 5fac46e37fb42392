package io.jenkins.plugins.progressive.sandbox.api;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One injected API-server misbehaviour of a {@link FaultKind kind}, for the requests whose method and path match, a
 * number of times (or forever).
 *
 * <p>Faults never hit the sandbox's own controller simulator (recognised by its user agent), because a real control
 * plane keeps reconciling while clients see errors; only the client under test is disturbed.
 *
 * <p>Method matching: the pseudo-method {@code WATCH} matches watch requests only ({@code watch=true} or
 * {@code watch=1} in the query, or a WebSocket upgrade); a concrete method such as {@code GET} matches requests of that
 * method that are not watches; {@code null} matches every request. Whatever the method, {@link FaultKind#SLOW} and
 * {@link FaultKind#RESET_MID_BODY} never apply to watches (a watch is a WebSocket upgrade, which can neither be delayed
 * nor cut mid-body; {@link FaultKind#WATCH_SILENT} is the stalled watch), and the {@code WATCH_*} kinds apply to
 * watches only. A reset also needs the request to come through {@link ApiServer#faultProxyUrl()}: a client connected
 * directly leaves a reset fault armed.
 *
 * @param kind what the fault does
 * @param method HTTP method to match ({@code GET}, {@code PATCH}, ...), {@code WATCH} for watches, or {@code null}
 *     for any
 * @param path regular expression matched against the request path without the query string
 * @param status HTTP status an {@link FaultKind#ERROR} answers with (400..599), 429 for
 *     {@link FaultKind#TOO_MANY_REQUESTS}, otherwise 0 (the store answers)
 * @param delay latency added before the answer's body; {@link Duration#ZERO} for none, positive for
 *     {@link FaultKind#SLOW}
 * @param after the {@code Retry-After} of {@link FaultKind#TOO_MANY_REQUESTS} (rounded up to whole seconds), the time
 *     a {@link FaultKind#WATCH_CLOSE} watch stays open; {@link Duration#ZERO} for the other kinds
 * @param times how many matching requests the fault applies to; negative for every request until cleared; never 0
 */
public record ApiFault(FaultKind kind, String method, Pattern path, int status, Duration delay, Duration after,
        int times) {

    /** The pseudo-method that matches watch requests only. */
    public static final String WATCH = "WATCH";

    public ApiFault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(after, "after");
        if (method != null && method.isBlank()) {
            throw new IllegalArgumentException("method must be null (any) or an HTTP method or WATCH, was blank");
        }
        if (times == 0) {
            throw new IllegalArgumentException("times must be positive (that many requests) or negative (until "
                    + "cleared), was 0");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative, was " + after);
        }
        boolean watchMethod = WATCH.equalsIgnoreCase(method);
        switch (kind) {
            case ERROR -> {
                if (status < 400 || status > 599) {
                    throw new IllegalArgumentException("status must be 0 (pass through) or an HTTP error 400..599, was "
                            + status);
                }
            }
            case TOO_MANY_REQUESTS -> {
                requireStatus(kind, status, 429);
                if (after.isZero()) {
                    throw new IllegalArgumentException("retryAfter must be positive, was " + after);
                }
            }
            case SLOW -> {
                requireStatus(kind, status, 0);
                if (delay.isZero()) {
                    throw new IllegalArgumentException("delay must be positive for a SLOW fault, was " + delay);
                }
                if (watchMethod) {
                    throw new IllegalArgumentException("method must not be WATCH for a SLOW fault: a watch cannot be "
                            + "delayed, use watchSilent");
                }
            }
            case RESET_MID_BODY -> {
                requireStatus(kind, status, 0);
                if (watchMethod) {
                    throw new IllegalArgumentException("method must not be WATCH for a RESET_MID_BODY fault: a watch "
                            + "has no body to cut, use watchClosed");
                }
            }
            case WATCH_CLOSE, WATCH_SILENT -> {
                requireStatus(kind, status, 0);
                if (method != null && !watchMethod) {
                    throw new IllegalArgumentException("method must be WATCH or null for a " + kind + " fault, was "
                            + method);
                }
                if (kind == FaultKind.WATCH_CLOSE && after.isZero()) {
                    throw new IllegalArgumentException("after must be positive for a WATCH_CLOSE fault, was " + after);
                }
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    /**
     * The fault as before kinds existed: {@code status} 0 with a delay is {@link FaultKind#SLOW}, an error status is
     * {@link FaultKind#ERROR} (late by {@code delay}, if not zero).
     */
    public ApiFault(String method, Pattern path, int status, Duration delay, int times) {
        this(legacyKind(status, delay), method, path, status, delay, Duration.ZERO, times);
    }

    private static FaultKind legacyKind(int status, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (status == 0 && delay.isZero()) {
            throw new IllegalArgumentException("a fault needs an error status or a delay");
        }
        return status == 0 ? FaultKind.SLOW : FaultKind.ERROR;
    }

    private static void requireStatus(FaultKind kind, int status, int expected) {
        if (status != expected) {
            throw new IllegalArgumentException("status must be " + expected + " for a " + kind + " fault, was "
                    + status);
        }
    }

    /** Answers {@code status} to the next {@code times} requests matching method and path regex. */
    public static ApiFault error(String method, String pathRegex, int status, int times) {
        return new ApiFault(FaultKind.ERROR, method, compile(pathRegex), status, Duration.ZERO, Duration.ZERO, times);
    }

    /** Delays every request matching method and path regex until the fault is cleared. */
    public static ApiFault latency(String method, String pathRegex, Duration delay) {
        return new ApiFault(method, compile(pathRegex), 0, delay, -1);
    }

    /**
     * Delays the store's answer to the next {@code times} matching requests by {@code delay}: beyond the client's
     * request timeout the client gives up while the answer is still on its way. Answers without a body are not
     * delayed (the mock server delays bodies).
     */
    public static ApiFault slow(String method, String pathRegex, Duration delay, int times) {
        requirePositive(delay, "delay");
        return new ApiFault(FaultKind.SLOW, method, compile(pathRegex), 0, delay, Duration.ZERO, times);
    }

    /**
     * Answers 429 Too Many Requests with {@code Retry-After} (whole seconds, {@code retryAfter} rounded up, at least 1)
     * to the next {@code times} matching requests, as a real API server's priority and fairness does.
     */
    public static ApiFault tooManyRequests(String method, String pathRegex, Duration retryAfter, int times) {
        requirePositive(retryAfter, "retryAfter");
        return new ApiFault(FaultKind.TOO_MANY_REQUESTS, method, compile(pathRegex), 429, Duration.ZERO, retryAfter,
                times);
    }

    /**
     * Cuts the next {@code times} matching answers: the client receives the status line, the headers and about half
     * of the body, then its connection is reset. Only clients of {@link ApiServer#faultProxyUrl()} are cut; watches
     * never are.
     */
    public static ApiFault resetMidBody(String method, String pathRegex, int times) {
        return new ApiFault(FaultKind.RESET_MID_BODY, method, compile(pathRegex), 0, Duration.ZERO, Duration.ZERO,
                times);
    }

    /** Serves the next {@code times} matching watches normally, then closes each one's WebSocket {@code after} later. */
    public static ApiFault watchClosed(String pathRegex, Duration after, int times) {
        requirePositive(after, "after");
        return new ApiFault(FaultKind.WATCH_CLOSE, WATCH, compile(pathRegex), 0, Duration.ZERO, after, times);
    }

    /** Opens the next {@code times} matching watches and keeps them open, but delivers no event on them. */
    public static ApiFault watchSilent(String pathRegex, int times) {
        return new ApiFault(FaultKind.WATCH_SILENT, WATCH, compile(pathRegex), 0, Duration.ZERO, Duration.ZERO, times);
    }

    /** The {@code Retry-After} header value: whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        long millis = after.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    boolean matches(FaultRequest request) {
        if (!path.matcher(request.path()).matches()) {
            return false;
        }
        return switch (kind) {
            case WATCH_CLOSE, WATCH_SILENT -> request.watch();
            case SLOW -> !request.watch() && methodMatches(request);
            case RESET_MID_BODY -> !request.watch() && request.viaProxy() && methodMatches(request);
            case ERROR, TOO_MANY_REQUESTS -> methodMatches(request);
        };
    }

    private boolean methodMatches(FaultRequest request) {
        if (method == null) {
            return true;
        }
        if (WATCH.equalsIgnoreCase(method)) {
            return request.watch();
        }
        return !request.watch() && method.equalsIgnoreCase(request.method());
    }

    private static Pattern compile(String pathRegex) {
        return Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex"));
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
