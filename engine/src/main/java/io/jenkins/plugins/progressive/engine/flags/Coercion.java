package io.jenkins.plugins.progressive.engine.flags;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JsonLogic's JavaScript coercions, restricted to JSON values. Both libraries flagd evaluates with (Go
 * {@code diegoholiveira/jsonlogic}, Java {@code json-logic-java}) follow these for strings, numbers, booleans and
 * null; where they part ways the JavaScript reference (jsonlogic.com) decides, and the choice is noted.
 */
final class Coercion {

    /** What JavaScript's {@code Number(string)} accepts, minus hex/octal/binary literals (Go rejects those too). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Infinity");
    private static final double PLAIN_MIN = 1e-6;
    private static final double PLAIN_MAX = 1e21;

    private Coercion() {
    }

    /** JsonLogic truthiness: like JavaScript, except that an empty array is falsy. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        } else if (value instanceof Boolean b) {
            return b;
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        } else if (value instanceof String s) {
            return !s.isEmpty();
        } else if (value instanceof List<?> list) {
            return !list.isEmpty();
        }
        return true;
    }

    /** JavaScript {@code Number(value)} for JSON values; arrays and objects give NaN (as in Go's library). */
    static double toNumber(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        } else if (value == null) {
            return 0;
        } else if (value instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (value instanceof String s) {
            String trimmed = s.strip();
            if (trimmed.isEmpty()) {
                return 0;
            }
            return DECIMAL.matcher(trimmed).matches() ? Double.parseDouble(trimmed) : Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * JavaScript {@code String(value)}, except that null becomes the empty string (Go's {@code cat} does this; the
     * Java library fails on it), so that {@code cat} of a missing attribute does not spell "null".
     */
    static String toText(Object value) {
        if (value == null) {
            return "";
        } else if (value instanceof String s) {
            return s;
        } else if (value instanceof Number n) {
            return formatNumber(n.doubleValue());
        } else if (value instanceof List<?> list) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                joined.append(i == 0 ? "" : ",").append(toText(list.get(i)));
            }
            return joined.toString();
        } else if (value instanceof Map) {
            return "[object Object]";
        }
        return value.toString();
    }

    /** JavaScript number formatting: {@code 3} not {@code 3.0}, {@code 1e+21}, {@code 1e-7}. */
    static String formatNumber(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        } else if (d == 0) {
            return "0";
        }
        double abs = Math.abs(d);
        if (abs < PLAIN_MAX && (d == Math.rint(d) || abs >= PLAIN_MIN)) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String mantissa = exact.unscaledValue().toString();
        boolean negative = mantissa.startsWith("-");
        String digits = negative ? mantissa.substring(1) : mantissa;
        int exponent = digits.length() - 1 - exact.scale();
        String fraction = digits.length() > 1 ? "." + digits.substring(1) : "";
        return (negative ? "-" : "") + digits.charAt(0) + fraction + "e" + (exponent >= 0 ? "+" : "") + exponent;
    }

    /** JavaScript {@code ==} on JSON values: null equals only null; arrays and objects equal nothing. */
    static boolean looseEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        if (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map) {
            return false;
        }
        return toNumber(a) == toNumber(b);
    }

    /** JavaScript {@code ===} on JSON values: same type and value; numbers compare by value (1 === 1.0). */
    static boolean strictEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List || a instanceof Map) {
            return false;
        }
        return a.equals(b);
    }

    /** JavaScript {@code <}: two strings compare by code units, anything else as numbers (NaN compares false). */
    static boolean lessThan(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y) < 0;
        }
        return toNumber(a) < toNumber(b);
    }

    /** JavaScript {@code <=}, which is not {@code < || ==}: {@code null <= 0} holds although {@code null == 0} not. */
    static boolean lessOrEqual(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y) <= 0;
        }
        return toNumber(a) <= toNumber(b);
    }
}
