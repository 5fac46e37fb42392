package io.jenkins.plugins.progressive.engine.flags;

/**
 * The variant name a targeting result selects. flagd takes the JSON text of the result without quotes: a string is
 * the name itself, {@code true}/{@code false} select variants "true"/"false" (the boolean shorthand), a number its
 * JavaScript spelling ({@code 2}, not {@code 2.0}).
 */
final class VariantNames {

    private VariantNames() {
    }

    /** The name, or null for a null result (which selects the default variant). */
    static String of(Object result) {
        if (result == null) {
            return null;
        } else if (result instanceof String name) {
            return name;
        } else if (result instanceof Boolean flag) {
            return flag.toString();
        } else if (result instanceof Number number) {
            return Coercion.formatNumber(number.doubleValue());
        }
        return JsonValues.toJson(result).replace("\"", "");
    }
}
