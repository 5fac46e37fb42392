package io.jenkins.plugins.progressive.sandbox.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the simulated control plane moves.
 *
 * @param podReady time from a pod's creation until it reports Ready (a healthy image)
 * @param jobRun time a Job runs before it completes or fails
 * @param tick how often the simulator re-examines the cluster while something is in flight
 * @param resync how often it re-examines the cluster when nothing happens (a safety net behind the watches)
 */
public record Pace(Duration podReady, Duration jobRun, Duration tick, Duration resync) {

    /** A pod is ready in about 200 ms, a Job runs 500 ms. */
    public static final Pace DEFAULT = new Pace(Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofMillis(50), Duration.ofSeconds(1));

    public Pace {
        requirePositive(podReady, "podReady");
        requirePositive(jobRun, "jobRun");
        requirePositive(tick, "tick");
        requirePositive(resync, "resync");
    }

    public Pace withPodReady(Duration value) {
        return new Pace(value, jobRun, tick, resync);
    }

    public Pace withJobRun(Duration value) {
        return new Pace(podReady, value, tick, resync);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
