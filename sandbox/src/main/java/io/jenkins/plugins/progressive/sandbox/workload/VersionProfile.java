package io.jenkins.plugins.progressive.sandbox.workload;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How every pod of one version of a service behaves: the share of requests it fails with HTTP 500,
 * its latency, given as median and 99th percentile of a log-normal distribution (the usual
 * shape of service latency: a body near the median and a long right tail), and the CPU and memory
 * its app container uses (what cAdvisor would report; see {@link ResourceMetrics}).
 *
 * @param errorRate     share of requests answered with 500, from 0 to 1
 * @param medianLatency median response time; zero only together with a zero {@code p99Latency}
 * @param p99Latency    99th percentile of the response time, at least {@code medianLatency}, at most 30 s
 * @param cpuCores      CPU the app container of each pod uses, in cores (0.25 = "250m"); finite, at least 0
 * @param memoryBytes   working set of the app container of each pod, in bytes; at least 0
 */
public record VersionProfile(double errorRate, Duration medianLatency, Duration p99Latency,
                             double cpuCores, long memoryBytes) {

    /** z-score of the 99th percentile of the standard normal distribution. */
    private static final double Z_99 = 2.3263478740408408;
    private static final Duration MAX_LATENCY = Duration.ofSeconds(30);
    /** Samples are capped so one unlucky draw cannot hold a connection for minutes. */
    private static final double TAIL_CAP_FACTOR = 3.0;

    private static final long MIB = 1024L * 1024L;
    private static final VersionProfile HEALTHY =
            new VersionProfile(0.0, Duration.ofMillis(12), Duration.ofMillis(20), 0.1, 128 * MIB);

    public VersionProfile {
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1, was " + errorRate);
        }
        Objects.requireNonNull(medianLatency, "medianLatency must not be null");
        Objects.requireNonNull(p99Latency, "p99Latency must not be null");
        if (medianLatency.isNegative()) {
            throw new IllegalArgumentException("medianLatency must not be negative, was " + medianLatency);
        }
        if (medianLatency.isZero() && !p99Latency.isZero()) {
            // A log-normal distribution has no zero median; "no latency" is 0/0.
            throw new IllegalArgumentException("medianLatency must be above 0 when p99Latency is not 0, was "
                    + medianLatency);
        }
        if (p99Latency.compareTo(medianLatency) < 0) {
            throw new IllegalArgumentException("p99Latency must be at least medianLatency (" + medianLatency
                    + "), was " + p99Latency);
        }
        if (p99Latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("p99Latency must be at most " + MAX_LATENCY + ", was " + p99Latency);
        }
        if (!(cpuCores >= 0.0 && Double.isFinite(cpuCores))) {
            throw new IllegalArgumentException("cpuCores must be a finite number of cores, at least 0, was "
                    + cpuCores);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must be at least 0, was " + memoryBytes);
        }
    }

    /** The default of every version: no errors, median 12 ms, p99 20 ms, 0.1 cores, 128 MiB. */
    public static VersionProfile healthy() {
        return HEALTHY;
    }

    /** This profile with another error rate (0..1). */
    public VersionProfile withErrorRate(double newErrorRate) {
        return new VersionProfile(newErrorRate, medianLatency, p99Latency, cpuCores, memoryBytes);
    }

    /** This profile with another latency distribution. */
    public VersionProfile withLatency(Duration newMedian, Duration newP99) {
        return new VersionProfile(errorRate, newMedian, newP99, cpuCores, memoryBytes);
    }

    /** This profile with another CPU usage of the app container, in cores (finite, at least 0). */
    public VersionProfile withCpu(double cores) {
        return new VersionProfile(errorRate, medianLatency, p99Latency, cores, memoryBytes);
    }

    /** This profile with another memory working set of the app container, in bytes (at least 0). */
    public VersionProfile withMemory(long bytes) {
        return new VersionProfile(errorRate, medianLatency, p99Latency, cpuCores, bytes);
    }

    /** Draws one response time. */
    Duration sampleLatency(RandomGenerator random) {
        long medianNanos = medianLatency.toNanos();
        if (medianNanos == 0) {
            return Duration.ZERO;
        }
        double sigma = Math.log((double) p99Latency.toNanos() / medianNanos) / Z_99;
        double nanos = medianNanos * Math.exp(sigma * random.nextGaussian());
        double cap = p99Latency.toNanos() * TAIL_CAP_FACTOR;
        return Duration.ofNanos((long) Math.min(nanos, cap));
    }

    /** Draws whether one request fails. */
    boolean sampleFailure(RandomGenerator random) {
        return errorRate > 0 && random.nextDouble() < errorRate;
    }
}
