package io.jenkins.plugins.progressive.engine.flags.toggle;

import io.jenkins.plugins.progressive.engine.flags.FlagPreview;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code flagToggle} call did: for the build log, the build page and the pipeline's return value.
 *
 * @param store the store, e.g. {@code ConfigMap shop/flags, key flags.flagd.json}
 * @param written whether anything was written (false for a dry run or a change that changes nothing)
 * @param created whether the write created the object or the key
 * @param resourceVersion the object's resourceVersion after the call (null if there is no object)
 * @param attempts how many read-modify-write attempts it took (more than 1 when others wrote concurrently)
 * @param changes each flag that changed, before and after
 * @param diff one line per changed field
 * @param previews flag key → who gets what among synthetic users and the test users, after the change
 * @param audit the audit entry written, or null when nothing was written
 * @param notes things the caller should know (an unreadable old history that was replaced, ...)
 */
public record FlagChangeResult(String store, boolean written, boolean created, String resourceVersion, int attempts,
        List<FlagChange> changes, List<String> diff, Map<String, FlagPreview> previews, AuditEntry audit,
        List<String> notes) {

    public FlagChangeResult {
        changes = List.copyOf(changes);
        diff = List.copyOf(diff);
        previews = Collections.unmodifiableMap(new LinkedHashMap<>(previews));
        notes = List.copyOf(notes);
    }

    /**
     * The result as plain, serializable maps, lists, strings, numbers and booleans: what a Pipeline step can return
     * (CPS keeps return values in its serialized program state, so records would not do).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("store", store);
        map.put("written", written);
        map.put("created", created);
        map.put("resourceVersion", resourceVersion);
        map.put("attempts", attempts);
        List<Object> changed = new ArrayList<>();
        for (FlagChange change : changes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", change.flagKey());
            entry.put("before", change.before());
            entry.put("after", change.after());
            changed.add(entry);
        }
        map.put("changes", changed);
        map.put("diff", new ArrayList<>(diff));
        Map<String, Object> shares = new LinkedHashMap<>();
        previews.forEach((flag, preview) -> shares.put(flag, previewMap(preview)));
        map.put("previews", shares);
        map.put("notes", new ArrayList<>(notes));
        map.put("lines", lines());
        return map;
    }

    private static Map<String, Object> previewMap(FlagPreview preview) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("syntheticUsers", preview.syntheticUsers());
        Map<String, Object> percent = new LinkedHashMap<>();
        preview.shares().forEach(share -> percent.put(share.label(), share.percent()));
        map.put("percent", percent);
        Map<String, Object> users = new LinkedHashMap<>();
        preview.testUsers().forEach(user -> users.put(user.context().targetingKey(),
                user.evaluation().variant() != null ? user.evaluation().variant()
                        : "(code default: " + user.evaluation().reason() + ")"));
        map.put("testUsers", users);
        return map;
    }

    /** The result as build-log lines: what was written where, the diff, the previews. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (written) {
            lines.add((created ? "created " : "updated ") + store + " (resourceVersion " + resourceVersion + ")"
                    + (attempts > 1 ? " after " + attempts + " attempts (concurrent writers)" : ""));
        } else {
            lines.add(diff.isEmpty() ? "no change: " + store + " already is as requested"
                    : "dry run: " + store + " was not written");
        }
        diff.forEach(line -> lines.add("  " + line));
        previews.values().forEach(preview -> lines.addAll(preview.lines()));
        notes.forEach(note -> lines.add("note: " + note));
        return lines;
    }
}
