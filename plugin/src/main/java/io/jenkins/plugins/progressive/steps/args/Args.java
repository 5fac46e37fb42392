package io.jenkins.plugins.progressive.steps.args;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A map argument of a step ({@code analysis: [interval: '30s', …]}) read with types, where every problem names its
 * path. Values come from Groovy: strings may be GStrings, numbers any {@link Number}, lists any {@link List}.
 */
public final class Args {
    private final String path;
    private final Map<String, Object> values;

    private Args(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** Reads {@code value} as a map; {@code null} is an empty map. */
    public static Args of(String path, Object value) {
        if (value == null) {
            return new Args(path, Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new StepArgumentException(path, "expected a map like [key: value], was " + describe(value));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, v) -> copy.put(String.valueOf(key), v));
        return new Args(path, Collections.unmodifiableMap(copy));
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Object raw(String key) {
        return values.get(key);
    }

    /** Refuses keys the step does not know, so that a typo does not silently fall back to a default. */
    public Args only(String... known) {
        Set<String> allowed = Set.of(known);
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new StepArgumentException(path(key), "unknown parameter (known: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    public String string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new StepArgumentException(path(key), "expected text, was " + describe(value));
        }
        return value.toString();
    }

    public String requiredString(String key) {
        String value = string(key);
        if (value == null || value.isBlank()) {
            throw new StepArgumentException(path(key), "is required");
        }
        return value.strip();
    }

    /** A whole number within {@code int}; anything else (beyond int, a fraction, NaN) is refused, never wrapped. */
    public Integer integer(String key) {
        return integer(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A whole number in {@code min..max}, or null when the key is absent. */
    public Integer integer(String key, int min, int max) {
        Object value = values.get(key);
        return value == null ? null : WholeNumber.parse(path(key), value, min, max);
    }

    public int integer(String key, int fallback) {
        Integer value = integer(key);
        return value == null ? fallback : value;
    }

    /** A whole number in {@code min..max} that must be given. */
    public int requiredInteger(String key, int min, int max) {
        Integer value = integer(key, min, max);
        if (value == null) {
            throw new StepArgumentException(path(key), "is required: a whole number in " + WholeNumber.range(min, max));
        }
        return value;
    }

    public Boolean bool(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw new StepArgumentException(path(key), "expected true or false, was " + describe(value));
    }

    public Duration duration(String key) {
        return has(key) ? DurationText.parse(path(key), values.get(key)) : null;
    }

    public Args map(String key) {
        return of(path(key), values.get(key));
    }

    /** A list of texts; a single text counts as a list of one. */
    public List<String> strings(String key) {
        return strings(path(key), values.get(key));
    }

    public static List<String> strings(String path, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            if (value instanceof Map) {
                throw new StepArgumentException(path, "expected a list like ['a', 'b'], was " + describe(value));
            }
            return List.of(value.toString());
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                throw new StepArgumentException(path + "[" + i + "]", "expected text, was " + describe(item));
            }
            result.add(item.toString());
        }
        return List.copyOf(result);
    }

    /** A list of maps, each read with its index in the path. */
    public List<Args> list(String key) {
        return list(path(key), values.get(key));
    }

    public static List<Args> list(String path, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new StepArgumentException(path, "expected a list of maps like [[key: value]], was " + describe(value));
        }
        List<Args> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            result.add(of(path + "[" + i + "]", list.get(i)));
        }
        return result;
    }

    /**
     * A value for a message: text quoted and clipped (a message is no place for a whole manifest), maps and lists by
     * kind, since their contents may be long or private.
     */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof CharSequence) {
            return "'" + clip(value.toString()) + "'";
        }
        return clip(String.valueOf(value));
    }

    /** At most 80 characters of {@code text}. */
    static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** A map of texts, e.g. container name to image. */
    public Map<String, String> stringMap(String key) {
        Args map = map(key);
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : map.keys()) {
            result.put(name, map.requiredString(name));
        }
        return result;
    }
}
