package io.jenkins.plugins.progressive.engine.flags.stale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
