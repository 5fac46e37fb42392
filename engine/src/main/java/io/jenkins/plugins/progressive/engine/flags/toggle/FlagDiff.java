package io.jenkins.plugins.progressive.engine.flags.toggle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two flag sets, for people: one line per changed field, e.g.
 * {@code ~ flags.checkout.state: "ENABLED" -> "DISABLED"}, {@code + flags.banner: {...}},
 * {@code - $evaluators.beta: {...}}. Variants and metadata are compared entry by entry, targeting as a whole (a
 * JsonLogic rule read field by field says less than the rule itself).
 */
final class FlagDiff {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> BY_ENTRY = Set.of("variants", "metadata");

    private final JsonNode before;
    private final JsonNode after;

    FlagDiff(FlagSet before, FlagSet after) {
        this.before = tree(before);
        this.after = tree(after);
    }

    /** Flags whose definition differs (added, removed or changed), in the order of the sets. */
    Map<String, FlagChange> changedFlags() {
        Map<String, FlagChange> changes = new LinkedHashMap<>();
        for (String key : keys(before.path("flags"), after.path("flags"))) {
            JsonNode old = before.path("flags").path(key);
            JsonNode now = after.path("flags").path(key);
            if (!old.equals(now)) {
                changes.put(key, new FlagChange(key, text(old), text(now)));
            }
        }
        return changes;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String key : keys(before.path("flags"), after.path("flags"))) {
            JsonNode old = before.path("flags").path(key);
            JsonNode now = after.path("flags").path(key);
            if (old.isMissingNode() || now.isMissingNode()) {
                compare("flags." + key, old, now, lines);
                continue;
            }
            for (String field : keys(old, now)) {
                String path = "flags." + key + "." + field;
                if (BY_ENTRY.contains(field) && old.path(field).isObject() && now.path(field).isObject()) {
                    for (String entry : keys(old.path(field), now.path(field))) {
                        compare(path + "." + entry, old.path(field).path(entry), now.path(field).path(entry), lines);
                    }
                } else {
                    compare(path, old.path(field), now.path(field), lines);
                }
            }
        }
        for (String section : List.of("$evaluators", "metadata")) {
            for (String name : keys(before.path(section), after.path(section))) {
                compare(section + "." + name, before.path(section).path(name), after.path(section).path(name), lines);
            }
        }
        return lines;
    }

    private static void compare(String path, JsonNode old, JsonNode now, List<String> lines) {
        if (old.equals(now)) {
            return;
        }
        if (old.isMissingNode()) {
            lines.add("+ " + path + ": " + text(now));
        } else if (now.isMissingNode()) {
            lines.add("- " + path + ": " + text(old));
        } else {
            lines.add("~ " + path + ": " + text(old) + " -> " + text(now));
        }
    }

    private static Set<String> keys(JsonNode first, JsonNode second) {
        Set<String> keys = new LinkedHashSet<>();
        first.fieldNames().forEachRemaining(keys::add);
        second.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static JsonNode tree(FlagSet set) {
        try {
            return MAPPER.readTree(set.toJson());
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
