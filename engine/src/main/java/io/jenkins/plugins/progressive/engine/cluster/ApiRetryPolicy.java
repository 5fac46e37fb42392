package io.jenkins.plugins.progressive.engine.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rollout's client rides out a transient API fault (see {@link RetryingHttpClient}): at most {@code attempts}
 * tries of one request, waiting {@code firstBackoff}, doubling up to {@code maxBackoff} (or what a 429's
 * {@code Retry-After} asks, if longer), and never starting a try later than {@code budget} after the first.
 *
 * <p>The default gives one request about half a minute, twice the plugin's request timeout: long enough for an API
 * server restart or a leader election behind a load balancer (seconds), short enough that a gone cluster is reported
 * while the rollout can still be undone by hand. client-go's default for the same faults is similar (it retries
 * {@code Retry-After} answers up to ten times).
 */
public record ApiRetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff, Duration budget) {

    public static final ApiRetryPolicy DEFAULT = new ApiRetryPolicy(12, Duration.ofMillis(200), Duration.ofSeconds(4),
            Duration.ofSeconds(30));
    /** One try: what a form's validation wants (an answer now, not in half a minute). */
    public static final ApiRetryPolicy NONE = new ApiRetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1));

    public ApiRetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        requirePositive(firstBackoff, "firstBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(budget, "budget");
    }

    /** The wait before try {@code attempt + 1} (after {@code attempt} failed tries), before any Retry-After. */
    Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
