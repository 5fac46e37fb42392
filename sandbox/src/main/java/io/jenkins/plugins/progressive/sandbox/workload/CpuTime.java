package io.jenkins.plugins.progressive.sandbox.workload;

import java.util.function.LongSupplier;

/**
 * The CPU time one container has used, as cAdvisor counts it: the integral over wall time of a
 * usage (in cores) that may change at any moment. It is computed when read, so no thread ticks per
 * pod, and a change of usage counts from the moment it is made, not from the next scrape.
 */
final class CpuTime {

    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoTime;
    private long since;
    private double secondsBefore;
    private double cores;

    /** Starts at 0 s now, as a container's counter does when it starts. */
    CpuTime(double cores, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.cores = cores;
        this.since = nanoTime.getAsLong();
    }

    /** From now on the container uses {@code newCores}. */
    synchronized void setCores(double newCores) {
        long now = nanoTime.getAsLong();
        secondsBefore = secondsAt(now);
        since = now;
        cores = newCores;
    }

    /** CPU seconds used since the start. */
    synchronized double seconds() {
        return secondsAt(nanoTime.getAsLong());
    }

    private double secondsAt(long now) {
        return secondsBefore + cores * (now - since) / NANOS_PER_SECOND;
    }
}
