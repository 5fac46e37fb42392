package io.jenkins.plugins.progressive.engine.flags.stale;

import java.util.List;

/**
 * A flag the stale report lists.
 *
 * @param flagKey the flag
 * @param owner its {@code owner} metadata, or null
 * @param reasons why, with dates and numbers, e.g. {@code expired on 2026-10-31 (26 days ago)}
 */
public record StaleFlag(String flagKey, String owner, List<String> reasons) {

    public StaleFlag {
        reasons = List.copyOf(reasons);
    }
}
