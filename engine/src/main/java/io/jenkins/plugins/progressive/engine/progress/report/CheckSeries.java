package io.jenkins.plugins.progressive.engine.progress.report;

import com.fasterxml.jackson.annotation.JsonValue;
import io.jenkins.plugins.progressive.engine.analysis.Condition;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict;
import io.jenkins.plugins.progressive.engine.analysis.StatisticalJudge;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every measurement of one metric check during a rollout, with the condition it was judged by.
 *
 * @param name the check's name
 * @param condition the condition as written, e.g. {@code < 1%}, or null when the plan did not say
 * @param unit how the values read best: {@code percent} (0.012 is 1.2%), {@code seconds}, {@code bytes}, or null
 * @param dryRun whether the check only reports
 * @param measurements in the order they were taken
 */
public record CheckSeries(String name, String condition, Unit unit, boolean dryRun, List<Point> measurements) {

    private static final Pattern DURATION_UNIT = Pattern.compile("\\d\\s*(ns|us|µs|ms|s|m|h)\\b");
    private static final Pattern SIZE_UNIT = Pattern.compile("\\d\\s*(Ki|Mi|Gi|Ti)\\b");

    public CheckSeries {
        Objects.requireNonNull(name, "name");
        measurements = List.copyOf(measurements);
    }

    /** How values are best shown; read off the condition's units, because Prometheus returns bare numbers. */
    public enum Unit {
        PERCENT("percent"), SECONDS("seconds"), BYTES("bytes");

        private final String json;

        Unit(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        /** The unit a condition's text implies, or null for plain numbers. */
        static Unit of(String condition) {
            if (condition == null) {
                return null;
            }
            if (condition.contains("%")) {
                return PERCENT;
            }
            if (SIZE_UNIT.matcher(condition).find()) {
                return BYTES;
            }
            return DURATION_UNIT.matcher(condition).find() ? SECONDS : null;
        }
    }

    /**
     * One measurement.
     *
     * @param time when it was evaluated
     * @param step the id of the track step it belongs to, or null
     * @param verdict {@code pass}, {@code fail}, {@code inconclusive} or {@code error}
     * @param values the version's values (one per series); null where Prometheus returned NaN or infinity
     * @param baselineValues the baseline's values for a comparative check, else empty
     * @param lower the lowest passing value, or null when there is no lower bound (or it is not known)
     * @param upper the highest passing value, or null when there is no upper bound (or it is not known)
     * @param query the resolved query
     * @param baselineQuery the resolved baseline query, or null
     * @param explanation why this verdict, in words
     */
    public record Point(Instant time, String step, String verdict, List<Double> values, List<Double> baselineValues,
            Double lower, Double upper, String query, String baselineQuery, String explanation) {

        public Point {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(verdict, "verdict");
            values = values.stream().map(Point::finite).toList();
            baselineValues = baselineValues.stream().map(Point::finite).toList();
        }

        /** A point from the engine's measurement, with the pass band its condition draws. */
        static Point of(Measurement m, String step, Condition condition) {
            Double lower = null;
            Double upper = null;
            if (condition instanceof Condition.Threshold t) {
                boolean below = t.comparison().symbol().startsWith("<");
                lower = below ? null : t.threshold();
                upper = below ? t.threshold() : null;
            } else if (condition instanceof Condition.Between b) {
                lower = b.low();
                upper = b.high();
            } else if (condition instanceof Condition.Relative r && !m.baselineValues().isEmpty()) {
                // The band moves with the baseline, so each point carries its own.
                double threshold = r.threshold(m.baselineValues().get(0));
                boolean below = r.comparison().symbol().startsWith("<");
                lower = below ? null : threshold;
                upper = below ? threshold : null;
            } else if (condition instanceof Condition.Judged j && !m.baselineValues().isEmpty()) {
                // The values are the two medians; the band is the tolerated shift around the baseline's. The judge
                // itself decides on the whole distributions, so a point can sit inside the band and still fail.
                double base = m.baselineValues().get(0);
                double allowed = j.judge().allowedShift(base);
                StatisticalJudge.Direction direction = j.judge().direction();
                lower = direction == StatisticalJudge.Direction.INCREASE ? null : base - allowed;
                upper = direction == StatisticalJudge.Direction.DECREASE ? null : base + allowed;
            }
            return new Point(m.time(), step, verdict(m.verdict()), m.values(), m.baselineValues(), finite(lower),
                    finite(upper), m.query(), m.baselineQuery(), m.explanation());
        }

        private static String verdict(MeasurementVerdict verdict) {
            return verdict.name().toLowerCase(Locale.ROOT);
        }

        // JSON has no NaN or infinity; "no usable value" is what they mean here anyway.
        private static Double finite(Double value) {
            return value == null || !Double.isFinite(value) ? null : value;
        }
    }
}
