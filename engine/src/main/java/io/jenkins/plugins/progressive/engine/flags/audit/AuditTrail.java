package io.jenkins.plugins.progressive.engine.flags.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The change history kept in an annotation of the stored object: a JSON array, oldest first, bounded in entries and
 * in bytes. Annotations of one object may hold 256 KiB in total, shared with other tools, so the history takes at most
 * {@link #MAX_BYTES}; the oldest entries go first, and an entry that alone is too large is cut down.
 *
 * @param entries oldest first
 * @param unreadable whether the stored annotation was not a history this tool wrote (it is replaced on the next write)
 */
public record AuditTrail(List<AuditEntry> entries, boolean unreadable) {

    public static final int MAX_ENTRIES = 20;
    public static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int DIFF_LINES_WHEN_CUT = 40;

    public AuditTrail {
        entries = List.copyOf(entries);
    }

    /** Reads the annotation; null is an empty history, text that is not one is reported as unreadable. */
    public static AuditTrail parse(String json) {
        if (json == null || json.isBlank()) {
            return new AuditTrail(List.of(), false);
        }
        try {
            List<Map<String, Object>> maps = MAPPER.readValue(json, new TypeReference<List<Map<String, Object>>>() { });
            List<AuditEntry> entries = new ArrayList<>();
            for (Map<String, Object> map : maps) {
                entries.add(AuditEntry.fromMap(map));
            }
            return new AuditTrail(entries, false);
        } catch (JsonProcessingException | RuntimeException e) {
            return new AuditTrail(List.of(), true);
        }
    }

    /** The newest entry, if any. */
    public AuditEntry latest() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }

    /** This history plus the entry, trimmed to {@link #MAX_ENTRIES} and {@link #MAX_BYTES}. */
    public AuditTrail append(AuditEntry entry) {
        List<AuditEntry> kept = new ArrayList<>(entries);
        kept.add(entry);
        while (kept.size() > MAX_ENTRIES) {
            kept.remove(0);
        }
        while (kept.size() > 1 && bytes(kept) > MAX_BYTES) {
            kept.remove(0);
        }
        if (bytes(kept) > MAX_BYTES) {
            kept.set(0, kept.get(0).withDiffCut(DIFF_LINES_WHEN_CUT));
        }
        if (bytes(kept) > MAX_BYTES) {
            kept.set(0, kept.get(0).withDiffCut(0).withoutArchivedText());
        }
        return new AuditTrail(kept, false);
    }

    /** The annotation value. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(entries.stream().map(AuditEntry::toMap).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit history could not be written", e);
        }
    }

    private static int bytes(List<AuditEntry> entries) {
        return new AuditTrail(entries, false).toJson().getBytes(StandardCharsets.UTF_8).length;
    }
}
