package io.jenkins.plugins.progressive.engine.flags.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an attribute is compared in a segment rule, and the flagd operator it becomes. Numeric comparisons use
 * JsonLogic's {@code <}/{@code >}; versions use flagd's {@code sem_ver}, whose operators include {@code ^} (same
 * major) and {@code ~} (same minor).
 */
public enum MatchOperator {
    EQUALS("equals"), IN("in"), STARTS_WITH("starts_with"), ENDS_WITH("ends_with"),
    LESS_THAN("<"), AT_MOST("<="), GREATER_THAN(">"), AT_LEAST(">="),
    SEM_VER_EQUALS("sem_ver ="), SEM_VER_NOT_EQUALS("sem_ver !="), SEM_VER_BELOW("sem_ver <"),
    SEM_VER_AT_MOST("sem_ver <="), SEM_VER_ABOVE("sem_ver >"), SEM_VER_AT_LEAST("sem_ver >="),
    SEM_VER_SAME_MAJOR("sem_ver ^"), SEM_VER_SAME_MINOR("sem_ver ~");

    /** flagd's sem_ver accepts an optional v, 1 and 1.2 as shorthand, prerelease and build parts. */
    private static final Pattern VERSION = Pattern.compile(
            "[vV]?\\d+(\\.\\d+(\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?)?)?");

    private final String spelling;

    MatchOperator(String spelling) {
        this.spelling = spelling;
    }

    /** As a pipeline writes it: {@code equals}, {@code in}, {@code starts_with}, {@code >=}, {@code sem_ver >=}. */
    public String spelling() {
        return spelling;
    }

    public static MatchOperator parse(String text) {
        String normalized = text == null ? "" : text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        for (MatchOperator operator : values()) {
            if (operator.spelling.equals(normalized) || operator.name().equalsIgnoreCase(normalized)) {
                return operator;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (MatchOperator operator : values()) {
            allowed.add(operator.spelling);
        }
        throw new FlagOperationException("op must be one of " + String.join(", ", allowed) + "; was '" + text + "'");
    }

    /** Checks the compared value for this operator; the message names the parameter. */
    Object checkValue(Object value, String parameter) {
        switch (this) {
            case IN:
                if (!(value instanceof List<?> list) || list.isEmpty()
                        || !list.stream().allMatch(Params::isPrimitive)) {
                    throw new FlagOperationException(parameter + " for 'in' must be a non-empty list of strings or "
                            + "numbers, was " + value);
                }
                return List.copyOf(list);
            case STARTS_WITH:
            case ENDS_WITH:
                if (!(value instanceof String text) || text.isEmpty()) {
                    throw new FlagOperationException(parameter + " for '" + spelling + "' must be a non-empty string, "
                            + "was " + value);
                }
                return value;
            case LESS_THAN:
            case AT_MOST:
            case GREATER_THAN:
            case AT_LEAST:
                if (!(value instanceof Number)) {
                    throw new FlagOperationException(parameter + " for '" + spelling + "' must be a number, was "
                            + value);
                }
                return value;
            case EQUALS:
                if (!Params.isPrimitive(value)) {
                    throw new FlagOperationException(parameter + " for 'equals' must be a string, number or boolean, "
                            + "was " + value);
                }
                return value;
            default:
                if (!(value instanceof String version) || !VERSION.matcher(version).matches()) {
                    throw new FlagOperationException(parameter + " for '" + spelling + "' must be a version such as "
                            + "1.2.3 or v2.0, was " + value);
                }
                return value;
        }
    }

    /** The JsonLogic of {@code attribute <op> value}. */
    Object toJsonLogic(String attribute, Object value) {
        Map<String, Object> var = Map.of("var", attribute);
        switch (this) {
            case EQUALS:
                return Map.of("==", List.of(var, value));
            case IN:
                return Map.of("in", List.of(var, value));
            case STARTS_WITH:
            case ENDS_WITH:
                return Map.of(spelling, List.of(var, value));
            case LESS_THAN:
            case AT_MOST:
            case GREATER_THAN:
            case AT_LEAST:
                return Map.of(spelling, List.of(var, value));
            default:
                return Map.of("sem_ver", List.of(var, spelling.substring("sem_ver ".length()), value));
        }
    }
}
