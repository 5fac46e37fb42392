package io.jenkins.plugins.progressive.steps.args;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Jenkinsfile authors write them, the way Prometheus and Argo Rollouts spell them: {@code 30s},
 * {@code 1m}, {@code 2h30m}, {@code 500ms}, {@code 1d}; a bare number is seconds. Every duration a step takes is
 * within {@link #MAX} (a year) and never negative; anything else — {@code '99999999999999999999s'}, NaN, -5 — is
 * refused with the path and the range, never overflowed.
 */
public final class DurationText {
    /** The longest duration a step takes: a rollout, a pause or a delay of more than a year is a typo. */
    public static final Duration MAX = Duration.ofDays(365);
    static final String RANGE = "0s..365d";

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final BigInteger MAX_MILLIS = BigInteger.valueOf(MAX.toMillis());

    private DurationText() {}

    public static Duration parse(String path, Object value) {
        if (value instanceof Number number) {
            return seconds(path, number);
        }
        if (!(value instanceof CharSequence)) {
            throw new StepArgumentException(path, "expected a duration like 30s, 5m, 2h30m or 500ms, was "
                    + Args.describe(value));
        }
        String text = value.toString().strip();
        if (text.matches("\\d+")) {
            return millis(path, new BigInteger(text).multiply(BigInteger.valueOf(1000)), text);
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new StepArgumentException(path, "'" + Args.clip(text) + "' is not a duration; write e.g. 30s, 5m, 2h30m or "
                    + "500ms");
        }
        BigInteger total = BigInteger.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long unit = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            total = total.add(new BigInteger(part.group(1)).multiply(BigInteger.valueOf(unit)));
        }
        return millis(path, total, text);
    }

    /** A Groovy number of seconds, e.g. {@code 90} or {@code 1.5}. */
    private static Duration seconds(String path, Number number) {
        BigDecimal seconds;
        if (number instanceof BigDecimal decimal) {
            seconds = decimal;
        } else if (number instanceof BigInteger integer) {
            seconds = new BigDecimal(integer);
        } else if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new StepArgumentException(path, d + " is not a duration; write e.g. 30s, or a number of seconds in "
                        + RANGE);
            }
            seconds = BigDecimal.valueOf(d);
        } else {
            seconds = BigDecimal.valueOf(number.longValue());
        }
        if (seconds.signum() < 0) {
            throw new StepArgumentException(path, "must not be negative, was " + WholeNumber.show(seconds));
        }
        if (seconds.compareTo(BigDecimal.valueOf(MAX.toSeconds())) > 0) {
            throw new StepArgumentException(path, WholeNumber.show(seconds) + " seconds is outside " + RANGE);
        }
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    private static Duration millis(String path, BigInteger millis, String written) {
        if (millis.compareTo(MAX_MILLIS) > 0) {
            throw new StepArgumentException(path, "'" + Args.clip(written) + "' is outside " + RANGE);
        }
        return Duration.ofMillis(millis.longValueExact());
    }
}
