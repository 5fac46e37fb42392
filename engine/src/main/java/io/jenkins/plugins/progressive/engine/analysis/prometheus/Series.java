package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One series of a range-query answer: its labels and its points in time order. A step at which the series had no
 * value has no point (Prometheus leaves it out); NaN and infinities arrive as the corresponding doubles.
 *
 * @param labels the series' labels ({@code {}} for an aggregate without labels)
 * @param points the values, oldest first
 */
public record Series(Map<String, String> labels, List<Point> points) {

    public Series {
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }

    /** One value of a series at one evaluation time. */
    public record Point(Instant time, double value) {
        public Point {
            Objects.requireNonNull(time, "time");
        }
    }
}
