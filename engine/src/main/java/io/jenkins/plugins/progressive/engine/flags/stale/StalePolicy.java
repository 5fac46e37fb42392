package io.jenkins.plugins.progressive.engine.flags.stale;

import java.time.Duration;

/**
 * When a flag counts as stale besides being past its {@code expiresAt}: serving one variant to everyone (or in stage
 * {@code fully-on}) for longer than {@code fullyOnLimit}. Then the code path it guards is the only one left, and the
 * flag is debt. Unleash's default for release flags is 40 days, LaunchDarkly's 90 days.
 *
 * @param fullyOnLimit how long a flag may stay fully on
 */
public record StalePolicy(Duration fullyOnLimit) {

    public StalePolicy {
        if (fullyOnLimit == null || fullyOnLimit.isNegative()) {
            throw new IllegalArgumentException("fullyOnDays must be 0 or more, was " + fullyOnLimit);
        }
    }

    public static StalePolicy days(int fullyOnDays) {
        if (fullyOnDays < 0) {
            throw new IllegalArgumentException("fullyOnDays must be 0 or more, was " + fullyOnDays);
        }
        return new StalePolicy(Duration.ofDays(fullyOnDays));
    }
}
