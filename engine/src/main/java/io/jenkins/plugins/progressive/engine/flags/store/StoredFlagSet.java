package io.jenkins.plugins.progressive.engine.flags.store;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.util.Objects;

/**
 * A flag set as read from a store, with what a compare-and-set write needs.
 *
 * @param flagSet the set; empty when {@code presence} is not {@link Presence#PRESENT}
 * @param resourceVersion the object's resourceVersion, or null when there is no object yet
 * @param auditJson the audit annotation as stored, or null when there is none
 * @param presence whether the object and the key holding the set exist
 */
public record StoredFlagSet(FlagSet flagSet, String resourceVersion, String auditJson, Presence presence) {

    /** What the store found. */
    public enum Presence {
        /** The object holds a flag set. */
        PRESENT,
        /** The object exists but not the key (ConfigMap) or {@code spec.flagSpec} (FeatureFlag). */
        NO_KEY,
        /** No object of that name: the first write creates it. */
        NO_OBJECT
    }

    public StoredFlagSet {
        Objects.requireNonNull(flagSet, "flagSet");
        Objects.requireNonNull(presence, "presence");
    }

    /** Whether the next write creates the object or the key. */
    public boolean createsOnWrite() {
        return presence != Presence.PRESENT;
    }
}
