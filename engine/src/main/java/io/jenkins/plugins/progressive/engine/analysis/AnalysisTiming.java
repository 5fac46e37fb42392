package io.jenkins.plugins.progressive.engine.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * When measurements are taken.
 *
 * @param initialDelay wait before the first measurement (let the new version warm up and collect data)
 * @param interval time between measurement rounds
 * @param count decisive measurements per check before the analysis passes; 0 = until stopped (background
 *     analysis that runs while the strategy moves on)
 * @param window the range of the rate/increase in queries ({@code {{window}}}); defaults to the interval, but at
 *     least one second
 */
public record AnalysisTiming(Duration initialDelay, Duration interval, int count, Duration window) {

    /** One minute apart, five measurements, no initial delay; the window follows the interval. */
    public static final AnalysisTiming DEFAULT = new AnalysisTiming(Duration.ZERO, Duration.ofMinutes(1), 5, null);

    public AnalysisTiming {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(interval, "interval");
        if (initialDelay.isNegative()) {
            throw PlanException.of(null, "initialDelay", "must not be negative, was " + initialDelay);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw PlanException.of(null, "interval", "must be positive, was " + interval);
        }
        if (count < 0) {
            throw PlanException.of(null, "count", "must be at least 1, or 0 for 'until stopped'; was " + count);
        }
        if (window == null) {
            window = interval.toMillis() < 1000 ? Duration.ofSeconds(1) : interval;
        }
        if (window.toMillis() < 1000) {
            throw PlanException.of(null, "window", "must be at least 1s (Prometheus ranges are in whole scrapes), was "
                    + window);
        }
    }

    /** The window as PromQL writes durations, e.g. {@code 30s} or {@code 1500ms}. */
    public String windowAsPromQl() {
        long millis = window.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    public AnalysisTiming withInitialDelay(Duration value) {
        return new AnalysisTiming(value, interval, count, window);
    }

    /** Another interval; a window that followed the old interval follows the new one. */
    public AnalysisTiming withInterval(Duration value) {
        boolean followed = window.equals(interval.toMillis() < 1000 ? Duration.ofSeconds(1) : interval);
        return new AnalysisTiming(initialDelay, value, count, followed ? null : window);
    }

    public AnalysisTiming withCount(int value) {
        return new AnalysisTiming(initialDelay, interval, value, window);
    }

    public AnalysisTiming withWindow(Duration value) {
        return new AnalysisTiming(initialDelay, interval, count, value);
    }
}
