package io.jenkins.plugins.progressive.engine.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flag set in the flagd flag-definition format: {@code flags} (an object keyed by flag key, the form every flagd
 * consumer reads), {@code $evaluators} and {@code metadata}. Always valid: {@link #parse} and every {@code with...}
 * check the whole set and throw {@link InvalidFlagSetException} listing each problem.
 *
 * <p>The document it was read from is kept. A change rewrites only the flag it touches; every other key — {@code
 * $schema}, keys of other tools, untouched flags byte for byte in their key order — is written back as it was.
 * Immutable and thread-safe.
 */
public final class FlagSet {

    /** The schema flagd publishes for flag sets. */
    public static final String SCHEMA = "https://flagd.dev/schema/v0/flags.json";

    private final ObjectNode document;
    private final Map<String, FlagDefinition> flags;
    private final Map<String, Object> evaluators;
    private final Map<String, Object> metadata;

    private FlagSet(ObjectNode document, FlagSetReader reader) {
        this.document = document;
        this.flags = Collections.unmodifiableMap(new LinkedHashMap<>(reader.flags));
        this.evaluators = Collections.unmodifiableMap(new LinkedHashMap<>(reader.evaluators));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(reader.metadata));
    }

    /**
     * Reads a flag set from JSON.
     *
     * @throws InvalidFlagSetException if it is not JSON, not in the flagd format, or breaks a rule (see
     *     {@link FlagProblem} for the messages)
     */
    public static FlagSet parse(String json) {
        JsonNode node;
        try {
            node = JsonValues.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidFlagSetException(List.of(FlagProblem.ofSet("(json)", "not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr())));
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidFlagSetException(List.of(FlagProblem.ofSet("(json)", "empty document")));
        }
        return of(node);
    }

    /** A set with no flags, pointing at the flagd schema. */
    public static FlagSet empty() {
        ObjectNode document = JsonValues.MAPPER.createObjectNode();
        document.put("$schema", SCHEMA);
        document.putObject(FlagSetReader.FLAGS);
        return of(document);
    }

    private static FlagSet of(JsonNode node) {
        FlagSetReader reader = new FlagSetReader(node);
        if (!reader.problems.isEmpty()) {
            throw new InvalidFlagSetException(reader.problems);
        }
        return new FlagSet((ObjectNode) node, reader);
    }

    /** The flags in document order. */
    public Map<String, FlagDefinition> flags() {
        return flags;
    }

    public Optional<FlagDefinition> flag(String key) {
        return Optional.ofNullable(flags.get(key));
    }

    /** The named rules flags reference with {@code {"$ref": "name"}}. */
    public Map<String, Object> evaluators() {
        return evaluators;
    }

    /** Flag-set metadata ({@code flagSetId}, ...); a flag's own metadata wins over it. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * This set with the flag added, or replacing the flag of the same key in its place.
     *
     * @throws InvalidFlagSetException if the flag is not valid in this set; this set is unchanged
     */
    public FlagSet withFlag(FlagDefinition flag) {
        ObjectNode copy = document.deepCopy();
        copy.withObjectProperty(FlagSetReader.FLAGS).set(flag.key(), FlagJson.toNode(flag));
        return of(copy);
    }

    /** This set without the flag (unchanged if absent). */
    public FlagSet withoutFlag(String key) {
        ObjectNode copy = document.deepCopy();
        ((ObjectNode) copy.get(FlagSetReader.FLAGS)).remove(key);
        return of(copy);
    }

    /**
     * This set with a named rule added or replaced; flags that reference it change with it.
     *
     * @throws InvalidFlagSetException if the rule is invalid, or makes a referencing flag invalid
     */
    public FlagSet withEvaluator(String name, Object rule) {
        ObjectNode copy = document.deepCopy();
        copy.withObjectProperty(FlagSetReader.EVALUATORS).set(name, JsonValues.toNode(rule));
        return of(copy);
    }

    /** The set as flagd reads it: pretty-printed JSON, keys in document order. */
    public String toJson() {
        try {
            return JsonValues.MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Equal when the documents are, including keys this model does not interpret. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FlagSet set && document.equals(set.document);
    }

    @Override
    public int hashCode() {
        return document.hashCode();
    }

    @Override
    public String toString() {
        return "FlagSet" + flags.keySet();
    }
}
