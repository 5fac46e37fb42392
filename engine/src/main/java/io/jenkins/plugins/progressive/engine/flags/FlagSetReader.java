package io.jenkins.plugins.progressive.engine.flags;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the typed view of a flagd flag-definition document and collects every problem on the way, so that one error
 * report lists them all. Structure is checked against the flagd schema ({@code flags.json}); the rest
 * ({@code $ref}s, fractional weights, variant names) by {@link TargetingChecks}.
 */
final class FlagSetReader {

    static final String FLAGS = "flags";
    static final String EVALUATORS = "$evaluators";
    static final String METADATA = "metadata";
    private static final Set<String> FLAG_FIELDS = Set.of("state", "variants", "defaultVariant", "targeting", METADATA);

    final Map<String, FlagDefinition> flags = new LinkedHashMap<>();
    final Map<String, Object> evaluators = new LinkedHashMap<>();
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final List<FlagProblem> problems = new ArrayList<>();

    FlagSetReader(JsonNode document) {
        if (!document.isObject()) {
            problems.add(FlagProblem.ofSet("(document)", "must be a JSON object with a 'flags' object"));
            return;
        }
        readEvaluators(document.get(EVALUATORS));
        readMetadata(null, METADATA, document.get(METADATA), metadata);
        JsonNode flagsNode = document.get(FLAGS);
        if (flagsNode == null) {
            problems.add(FlagProblem.ofSet(FLAGS, "missing; a flag set needs a 'flags' object (it may be empty)"));
        } else if (flagsNode.isArray()) {
            problems.add(FlagProblem.ofSet(FLAGS, "must be an object keyed by flag key; the array form works only"
                    + " in the flagd daemon, not in providers or the FeatureFlag resource"));
        } else if (!flagsNode.isObject()) {
            problems.add(FlagProblem.ofSet(FLAGS, "must be an object keyed by flag key"));
        } else {
            flagsNode.properties().forEach(entry -> readFlag(entry.getKey(), entry.getValue()));
        }
    }

    private void readEvaluators(JsonNode node) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            problems.add(FlagProblem.ofSet(EVALUATORS, "must be an object of named JsonLogic rules"));
            return;
        }
        node.properties().forEach(entry -> evaluators.put(entry.getKey(), JsonValues.toJava(entry.getValue())));
        evaluators.forEach((name, rule) -> problems.addAll(TargetingChecks.checkEvaluator(name, rule)));
    }

    private void readMetadata(String flagKey, String field, JsonNode node, Map<String, Object> into) {
        if (node == null) {
            return;
        }
        if (!node.isObject()) {
            problems.add(new FlagProblem(flagKey, field, "must be an object of strings, numbers and booleans"));
            return;
        }
        node.properties().forEach(entry -> {
            Object value = JsonValues.toJava(entry.getValue());
            if (JsonValues.isPrimitive(value)) {
                into.put(entry.getKey(), value);
            } else {
                problems.add(new FlagProblem(flagKey, field + "." + entry.getKey(), "is " + JsonValues.typeName(value)
                        + "; metadata values must be strings, numbers or booleans (flagd schema)"));
            }
        });
    }

    private void readFlag(String key, JsonNode node) {
        if (!node.isObject()) {
            problems.add(new FlagProblem(key, "(flag)", "must be an object with state, variants and defaultVariant"));
            return;
        }
        int before = problems.size();
        FlagState state = readState(key, node.get("state"));
        Map<String, Object> variants = readVariants(key, node.get("variants"));
        String defaultVariant = readDefaultVariant(key, node.get("defaultVariant"), variants);
        Map<String, Object> flagMetadata = new LinkedHashMap<>();
        readMetadata(key, METADATA, node.get(METADATA), flagMetadata);
        Object targeting = JsonValues.toJava(node.get("targeting"));
        if (targeting != null && !(targeting instanceof Map)) {
            problems.add(new FlagProblem(key, "targeting", "must be a JsonLogic object, was "
                    + JsonValues.typeName(targeting)));
        } else if (targeting != null && variants != null) {
            problems.addAll(TargetingChecks.checkFlag(key, targeting, evaluators, variants.keySet()));
        }
        Map<String, Object> otherKeys = new LinkedHashMap<>();
        node.properties().stream().filter(entry -> !FLAG_FIELDS.contains(entry.getKey()))
                .forEach(entry -> otherKeys.put(entry.getKey(), JsonValues.toJava(entry.getValue())));
        if (problems.size() == before) {
            flags.put(key, new FlagDefinition(key, state, variants, defaultVariant, targeting, flagMetadata,
                    otherKeys));
        }
    }

    private FlagState readState(String key, JsonNode node) {
        String text = node == null ? null : node.asText(null);
        if (node != null && node.isTextual() && ("ENABLED".equals(text) || "DISABLED".equals(text))) {
            return FlagState.valueOf(text);
        }
        problems.add(new FlagProblem(key, "state", (node == null ? "missing" : "is " + node)
                + "; must be ENABLED or DISABLED"));
        return null;
    }

    private Map<String, Object> readVariants(String key, JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add(new FlagProblem(key, "variants", (node == null ? "missing" : "is " + node)
                    + "; must be an object with at least one variant"));
            return null;
        }
        Map<String, Object> variants = new LinkedHashMap<>();
        Map<String, List<String>> namesByType = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            Object value = JsonValues.toJava(entry.getValue());
            String type = JsonValues.typeName(value);
            if (value == null || value instanceof List) {
                problems.add(new FlagProblem(key, "variants." + entry.getKey(), "is " + type
                        + "; a variant is a boolean, string, number or object"));
            }
            namesByType.computeIfAbsent(type, t -> new ArrayList<>()).add(entry.getKey());
            variants.put(entry.getKey(), value);
        });
        if (namesByType.size() > 1) {
            List<String> parts = new ArrayList<>();
            namesByType.forEach((type, names) -> parts.add(type + " (" + String.join(", ", names) + ")"));
            problems.add(new FlagProblem(key, "variants", "mix types: " + String.join(", ", parts)
                    + "; all variants of a flag must have one type"));
        }
        return variants;
    }

    private String readDefaultVariant(String key, JsonNode node, Map<String, Object> variants) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new FlagProblem(key, "defaultVariant", "is " + node + "; must be the name of a variant"));
            return null;
        }
        String name = node.textValue();
        if (variants != null && !variants.containsKey(name)) {
            problems.add(new FlagProblem(key, "defaultVariant", "'" + name + "' is not one of its variants ("
                    + String.join(", ", variants.keySet()) + ")"));
        }
        return name;
    }
}
