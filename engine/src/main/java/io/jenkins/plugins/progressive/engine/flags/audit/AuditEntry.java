package io.jenkins.plugins.progressive.engine.flags.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change of a flag set, as kept on the stored object and returned to the caller.
 *
 * @param at when it was written
 * @param actor who: a user id or build URL, as the caller gave it
 * @param reason why, as the caller gave it (may be empty)
 * @param operations what was asked, one line per operation
 * @param diff what changed, one line per changed field (see {@code FlagDiff})
 * @param archived flag key → the JSON of its last definition, for each flag this change removed
 */
public record AuditEntry(Instant at, String actor, String reason, List<String> operations, List<String> diff,
        Map<String, String> archived) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        reason = reason == null ? "" : reason;
        operations = List.copyOf(operations);
        diff = List.copyOf(diff);
        archived = Collections.unmodifiableMap(new LinkedHashMap<>(archived == null ? Map.of() : archived));
    }

    /** As a JSON-ready map with a stable key order. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("at", at.toString());
        map.put("actor", actor);
        map.put("reason", reason);
        map.put("operations", operations);
        map.put("diff", diff);
        if (!archived.isEmpty()) {
            map.put("archived", archived);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    static AuditEntry fromMap(Map<String, Object> map) {
        return new AuditEntry(Instant.parse((String) map.get("at")), String.valueOf(map.get("actor")),
                (String) map.get("reason"), strings(map.get("operations")), strings(map.get("diff")),
                map.get("archived") instanceof Map<?, ?> archived ? (Map<String, String>) archived : Map.of());
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    /** This entry with its diff cut to {@code lines} lines and a note how many were left out. */
    AuditEntry withDiffCut(int lines) {
        if (diff.size() <= lines) {
            return this;
        }
        List<String> cut = new ArrayList<>(diff.subList(0, lines));
        cut.add("... " + (diff.size() - lines) + " more lines left out to fit the annotation");
        return new AuditEntry(at, actor, reason, operations, cut, archived);
    }

    /** This entry with the archived definitions replaced by their size: the last resort to fit. */
    AuditEntry withoutArchivedText() {
        Map<String, String> sizes = new LinkedHashMap<>();
        archived.forEach((key, json) -> sizes.put(key, "(definition of " + json.length()
                + " characters too large to keep in the annotation)"));
        return new AuditEntry(at, actor, reason, operations, diff, sizes);
    }
}
