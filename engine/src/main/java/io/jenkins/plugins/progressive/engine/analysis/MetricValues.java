package io.jenkins.plugins.progressive.engine.analysis;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers with the units a release engineer writes next to a metric, converted to the base unit Prometheus reports
 * in: durations to seconds ({@code 200ms} → 0.2), percentages to ratios ({@code 1%} → 0.01), binary sizes to bytes
 * ({@code 256Mi}). A bare number stays as it is.
 */
public final class MetricValues {

    private static final Pattern NUMBER_WITH_UNIT =
            Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([a-zA-Z%µ]*)");

    private static final Map<String, Double> UNITS = Map.ofEntries(
            Map.entry("", 1.0),
            Map.entry("%", 0.01),
            Map.entry("ns", 1e-9), Map.entry("us", 1e-6), Map.entry("µs", 1e-6), Map.entry("ms", 1e-3),
            Map.entry("s", 1.0), Map.entry("m", 60.0), Map.entry("h", 3600.0),
            Map.entry("ki", 1024.0), Map.entry("mi", 1024.0 * 1024), Map.entry("gi", 1024.0 * 1024 * 1024),
            Map.entry("ti", 1024.0 * 1024 * 1024 * 1024));

    private MetricValues() {
    }

    /**
     * Parses {@code text} such as {@code 0.01}, {@code 1%}, {@code 200ms}, {@code 1.5s}, {@code 512Mi}.
     *
     * @throws IllegalArgumentException naming the problem (the caller adds check and field)
     */
    public static double parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a number is missing");
        }
        Matcher matcher = NUMBER_WITH_UNIT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a number with an optional unit "
                    + "(%, ns, us, ms, s, m, h, Ki, Mi, Gi, Ti)");
        }
        String unit = matcher.group(2);
        Double factor = UNITS.get(unit.length() == 2 && unit.endsWith("i") ? unit.toLowerCase(Locale.ROOT) : unit);
        if (factor == null) {
            throw new IllegalArgumentException("unknown unit '" + unit + "' in '" + text.strip()
                    + "' (known: %, ns, us, ms, s, m, h, Ki, Mi, Gi, Ti)");
        }
        double value = Double.parseDouble(matcher.group(1)) * factor;
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a finite number");
        }
        return value;
    }

    /**
     * The unit {@code text} is written in, as {@link #parse} reads it: {@code %}, {@code ms}, {@code Mi}, or the
     * empty string for a bare number.
     */
    public static String unit(String text) {
        Matcher matcher = NUMBER_WITH_UNIT.matcher(text == null ? "" : text.strip());
        return matcher.matches() ? matcher.group(2) : "";
    }

    /** Whether {@code unit} is one of the duration units ({@code ns} .. {@code h}). */
    static boolean isDuration(String unit) {
        return switch (unit) {
            case "ns", "us", "µs", "ms", "s", "m", "h" -> true;
            default -> false;
        };
    }

    /** Formats a measured value for people: up to four significant digits, no exponent for everyday sizes. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e9) {
            return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
