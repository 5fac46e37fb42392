package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The evaluation times of a range query. */
final class RangeSteps {

    private RangeSteps() {
    }

    /** {@code start}, {@code start + step}, ... while not after {@code end}. */
    static List<Instant> times(Instant start, Instant end, Duration step) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("the step of a range query must be positive, was " + step);
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a range query's end " + end + " is before its start " + start);
        }
        long points = Duration.between(start, end).toNanos() / step.toNanos() + 1;
        if (points > PrometheusQueries.MAX_RANGE_POINTS) {
            throw new IllegalArgumentException("a range of " + points + " points is more than "
                    + PrometheusQueries.MAX_RANGE_POINTS + "; use a longer step or a shorter range");
        }
        List<Instant> times = new ArrayList<>((int) points);
        for (long i = 0; i < points; i++) {
            times.add(start.plus(step.multipliedBy(i)));
        }
        return times;
    }
}
