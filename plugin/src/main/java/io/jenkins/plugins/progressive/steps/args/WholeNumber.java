package io.jenkins.plugins.progressive.steps.args;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A whole number as a Jenkinsfile passes it: an {@code Integer}, a {@code Long} or {@code BigInteger} when it is
 * large, a {@code BigDecimal} or {@code Double} when it has a point, or text. Read exactly: a number outside the
 * allowed range, a fraction, NaN or an infinity is refused with the path and the range, never wrapped
 * ({@code 4294967297.intValue()} is 1) or truncated ({@code 2.7} is not 2).
 */
final class WholeNumber {

    private WholeNumber() {}

    static int parse(String path, Object value, int min, int max) {
        BigDecimal exact = exact(path, value, min, max);
        // Range first, with exact comparisons: converting 1E+999999999 to an integer would take all the memory.
        if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new StepArgumentException(path, show(exact) + " is outside " + range(min, max));
        }
        if (exact.stripTrailingZeros().scale() > 0) {
            throw new StepArgumentException(path, "expected a whole number in " + range(min, max) + ", was "
                    + show(exact));
        }
        return exact.intValueExact();
    }

    /** A number as people write it, but never thousands of digits long. */
    static String show(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return plain.precision() - plain.scale() > 40 || plain.scale() > 40 ? plain.toString() : plain.toPlainString();
    }

    /** The value as an exact decimal, or a refusal naming what it was instead of a number. */
    private static BigDecimal exact(String path, Object value, int min, int max) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new StepArgumentException(path, "expected a whole number in " + range(min, max) + ", was " + d);
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString()); // AtomicLong and friends: their text is exact
            } catch (NumberFormatException e) {
                throw new StepArgumentException(path, "expected a whole number in " + range(min, max) + ", was " + number);
            }
        }
        String text = value == null ? "" : value.toString().strip();
        if (value instanceof CharSequence && text.matches("[+-]?\\d{1,400}")) {
            return new BigDecimal(text);
        }
        throw new StepArgumentException(path, "expected a whole number in " + range(min, max) + ", was "
                + Args.describe(value));
    }

    static String range(long min, long max) {
        return min + ".." + max;
    }
}
