package io.jenkins.plugins.progressive.engine.flags.stale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of a store that are past their expiry or have been fully on too long. A value: the caller decides whether
 * it fails the build or warns.
 *
 * @param store the store read
 * @param at when the report was made
 * @param flags the stale flags, in set order
 */
public record StaleReport(String store, Instant at, List<StaleFlag> flags) {

    public StaleReport {
        flags = List.copyOf(flags);
    }

    public boolean isEmpty() {
        return flags.isEmpty();
    }

    /** The report as plain, serializable values, for a Pipeline step to return. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("store", store);
        map.put("at", at.toString());
        List<Object> stale = new ArrayList<>();
        for (StaleFlag flag : flags) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", flag.flagKey());
            entry.put("owner", flag.owner());
            entry.put("reasons", new ArrayList<>(flag.reasons()));
            stale.add(entry);
        }
        map.put("flags", stale);
        map.put("lines", lines());
        return map;
    }

    /** The report as build-log lines. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(flags.isEmpty() ? "no stale flags in " + store
                : flags.size() + " stale flag" + (flags.size() == 1 ? "" : "s") + " in " + store + ":");
        for (StaleFlag flag : flags) {
            lines.add("  " + flag.flagKey() + (flag.owner() == null ? "" : " (owner " + flag.owner() + ")") + ": "
                    + String.join("; ", flag.reasons()));
        }
        return lines;
    }
}
