package io.jenkins.plugins.progressive.engine.flags;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversion between Jackson trees and the plain, immutable Java values the flag model and the evaluator use:
 * {@code null}, {@link Boolean}, {@link String}, {@link Long} (integral numbers), {@link Double}, {@link List} and
 * {@link Map} (insertion-ordered). Plain values keep records comparable with {@code equals} and keep Jackson's mutable
 * nodes out of the public API; integral numbers stay {@code Long} so a written-back {@code 3} is not {@code 3.0}.
 */
final class JsonValues {

    /**
     * Duplicate keys are rejected: flagd keeps the last one silently, which hides a copy-paste mistake. Output is
     * indented with {@code \n} on every platform, so a ConfigMap written from a Windows controller diffs cleanly.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private JsonValues() {
    }

    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
                    : (Object) node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return Collections.unmodifiableList(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(entry -> map.put(entry.getKey(), toJava(entry.getValue())));
        return Collections.unmodifiableMap(map);
    }

    /** An immutable copy of a value built by a caller (any {@link Number}, nested lists and maps). */
    static Object copyOf(Object value) {
        return toJava(toNode(value));
    }

    static JsonNode toNode(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String toJson(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + value, e);
        }
    }

    /** The flagd schema's names for value types, used in validation messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof List) {
            return "array";
        }
        return "object";
    }

    static boolean isPrimitive(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }
}
