package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.List;
import java.util.Map;

/** Typed reads from the maps of a {@code GenericKubernetesResource}; wrong types read as absent. */
final class GenericFields {

    private GenericFields() {
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

    /** Integers as JSON gives them (Integer, Long, Double) or as strings. */
    static Integer integer(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
