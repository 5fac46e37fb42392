package io.jenkins.plugins.progressive.engine.analysis;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a measured value must satisfy for a check to pass. Written as text in a Jenkinsfile:
 * <ul>
 *   <li>{@code < 0.01}, {@code <= 200ms}, {@code > 99%}, {@code >= 5} — a threshold;</li>
 *   <li>{@code between 10 and 20ms} — inclusive range;</li>
 *   <li>{@code <= baseline + 0.5%}, {@code <= 1.2 * baseline}, {@code < baseline × 1.1 + 5ms} — relative to the same
 *       query on the baseline (stable or blue) version, the comparison Kayenta users rely on; {@code stable} is a
 *       synonym of {@code baseline}.</li>
 * </ul>
 * A check with a {@link StatisticalJudge} has a {@link Judged} condition instead, which compares distributions.
 */
public sealed interface Condition {

    /** The text it was written as, for explanations. */
    String text();

    /** Whether this condition needs the baseline version's value. */
    default boolean isComparative() {
        return this instanceof Relative || this instanceof Judged;
    }

    /** {@code value <op> threshold}. */
    record Threshold(Comparison comparison, double threshold, String text) implements Condition {
        public boolean holds(double value) {
            return comparison.holds(value, threshold);
        }
    }

    /** {@code low <= value <= high}. */
    record Between(double low, double high, String text) implements Condition {
        public Between {
            if (low > high) {
                throw new IllegalArgumentException("the lower bound " + MetricValues.format(low)
                        + " is above the upper bound " + MetricValues.format(high));
            }
        }

        public boolean holds(double value) {
            return value >= low && value <= high;
        }
    }

    /** {@code value <op> factor × baseline + offset}. */
    record Relative(Comparison comparison, double factor, double offset, String text) implements Condition {
        public double threshold(double baseline) {
            return factor * baseline + offset;
        }

        public boolean holds(double value, double baseline) {
            return comparison.holds(value, threshold(baseline));
        }
    }

    /**
     * The version's distribution against the baseline's, judged statistically over a lookback rather than value
     * against value (see {@link StatisticalJudge}). Not written as condition text: a check gets it from its
     * {@code judge} settings.
     */
    record Judged(StatisticalJudge judge) implements Condition {
        public Judged {
            Objects.requireNonNull(judge, "judge");
        }

        @Override
        public String text() {
            return judge.describe();
        }
    }

    Pattern OPERATOR = Pattern.compile("^(<=|>=|<|>)\\s*(.+)$");
    Pattern BETWEEN = Pattern.compile("^between\\s+(.+?)\\s+and\\s+(.+)$", Pattern.CASE_INSENSITIVE);
    Pattern RELATIVE = Pattern.compile(
            "^(?:([0-9.]+)\\s*\\*\\s*)?baseline(?:\\s*\\*\\s*([0-9.]+))?(?:\\s*([+-])\\s*(.+))?$");

    /**
     * Parses a condition.
     *
     * @throws IllegalArgumentException saying what is wrong (the caller adds the check and field)
     */
    static Condition parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a condition is missing (e.g. '< 1%', 'between 1 and 2', '<= baseline + 0.5%')");
        }
        String trimmed = text.strip();
        Matcher between = BETWEEN.matcher(trimmed);
        if (between.matches()) {
            return new Between(threshold(between.group(1)), threshold(between.group(2)), trimmed);
        }
        Matcher operator = OPERATOR.matcher(trimmed);
        if (!operator.matches()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a condition: write '<', '<=', '>' or '>=' and a "
                    + "value ('< 1%'), 'between A and B', or a comparison with the baseline ('<= 1.2 * baseline')");
        }
        Comparison comparison = Comparison.fromSymbol(operator.group(1));
        String right = operator.group(2).strip();
        String normalized = right.toLowerCase(Locale.ROOT).replace("stable", "baseline").replace('×', '*')
                .replaceAll("(?<=[0-9.\\s])x(?=\\s*baseline)", "*").replaceAll("(?<=baseline)\\s*x(?=\\s*[0-9.])", " *");
        if (!normalized.contains("baseline")) {
            return new Threshold(comparison, threshold(right), trimmed);
        }
        Matcher relative = RELATIVE.matcher(normalized);
        if (!relative.matches() || relative.group(1) != null && relative.group(2) != null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a comparison with the baseline: write "
                    + "'baseline', 'baseline + 0.5%', '1.2 * baseline' or '1.2 * baseline + 5ms'");
        }
        double factor = relative.group(1) != null ? Double.parseDouble(relative.group(1))
                : relative.group(2) != null ? Double.parseDouble(relative.group(2)) : 1.0;
        double offset = relative.group(4) == null ? 0.0 : MetricValues.parse(relative.group(4));
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("the factor in '" + trimmed + "' must be a positive number");
        }
        return new Relative(comparison, factor, "-".equals(relative.group(3)) ? -offset : offset, trimmed);
    }

    /**
     * An absolute threshold, refused where no measurement could mean it: a percentage is a share, 0%..100%
     * ({@code < 150%} would pass everything, {@code > -10%} too); a duration is never negative.
     */
    private static double threshold(String text) {
        double value = MetricValues.parse(text);
        String unit = MetricValues.unit(text);
        if (unit.equals("%") && (value < 0 || value > 1)) {
            throw new IllegalArgumentException("'" + text.strip() + "' is outside 0%..100%: a percentage is a share");
        }
        if (MetricValues.isDuration(unit) && value < 0) {
            throw new IllegalArgumentException("'" + text.strip() + "' is a negative duration; durations are at least 0");
        }
        return value;
    }
}
