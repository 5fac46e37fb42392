package io.jenkins.plugins.progressive.engine.flags.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A map of named arguments as a pipeline passes them (Groovy: {@code GString}s, {@code Integer}s,
 * {@code BigDecimal}s, nested lists and maps), read with messages that name the parameter by its path, e.g.
 * {@code rules[1].op}. Unknown names are refused with the allowed ones, so a typo never silently does nothing.
 */
final class StepArguments {

    private final String path;
    private final Map<String, Object> values;

    StepArguments(String path, Object map, Set<String> allowed) {
        this.path = path;
        if (!(map instanceof Map<?, ?> raw)) {
            throw new FlagOperationException(path + " must be a map of named values, was " + describe(map));
        }
        values = new LinkedHashMap<>();
        raw.forEach((key, value) -> values.put(String.valueOf(key), plain(value)));
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new FlagOperationException(name(unknown.iterator().next()) + " is not a parameter here; allowed: "
                    + String.join(", ", new TreeSet<>(allowed)));
        }
    }

    /** GStrings become Strings, all the way down, so equality and JSON conversion work. */
    static Object plain(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }

    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    Object raw(String key) {
        return values.get(key);
    }

    String string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new FlagOperationException(name(key) + " must be a string, was " + describe(value));
        }
        return text;
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null) {
            throw new FlagOperationException(name(key) + " is required");
        }
        return value;
    }

    Double number(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new FlagOperationException(name(key) + " must be a number, was " + describe(value));
        }
        return number instanceof BigDecimal decimal ? decimal.doubleValue() : number.doubleValue();
    }

    /**
     * A whole number in {@code min..max}: a fraction ({@code 2.7}), NaN, an infinity or a number out of range is
     * refused, never truncated or wrapped.
     */
    Integer wholeNumber(String key, int min, int max) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new FlagOperationException(name(key) + " must be a whole number " + min + ".." + max + ", was "
                    + describe(value));
        }
        BigDecimal exact;
        try {
            exact = number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            throw new FlagOperationException(name(key) + " must be a whole number " + min + ".." + max + ", was "
                    + number);
        }
        if (exact.stripTrailingZeros().scale() > 0 || exact.compareTo(BigDecimal.valueOf(min)) < 0
                || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new FlagOperationException(name(key) + " must be a whole number " + min + ".." + max + ", was "
                    + exact.stripTrailingZeros().toPlainString());
        }
        return exact.intValueExact();
    }

    boolean bool(String key, boolean otherwise) {
        Object value = values.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Boolean flag)) {
            throw new FlagOperationException(name(key) + " must be true or false, was " + describe(value));
        }
        return flag;
    }

    List<Object> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new FlagOperationException(name(key) + " must be a list, was " + describe(value));
        }
        return new ArrayList<>(list);
    }

    List<String> strings(String key) {
        List<Object> list = list(key);
        if (list == null) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new FlagOperationException(name(key) + " must list strings, found " + describe(item));
            }
            strings.add(text);
        }
        return strings;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new FlagOperationException(name(key) + " must be a map, was " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    static String describe(Object value) {
        return value == null ? "null" : value instanceof String ? "'" + value + "'"
                : value.getClass().getSimpleName() + " " + value;
    }
}
