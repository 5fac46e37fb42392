package io.jenkins.plugins.progressive.engine.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and copies the maps and lists of a {@code GenericKubernetesResource}; a value of the wrong type reads as absent. */
final class JsonMaps {

    private JsonMaps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** A deep, mutable copy, so a rule can be copied and changed without touching the one read. */
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(copy(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyOf(Map<String, Object> map) {
        return (Map<String, Object>) copy(map);
    }
}
