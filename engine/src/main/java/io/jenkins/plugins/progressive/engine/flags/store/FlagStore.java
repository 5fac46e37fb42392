package io.jenkins.plugins.progressive.engine.flags.store;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;

/**
 * Where a flag set lives on a cluster, read and written whole. A write is a compare-and-set on the version read: if
 * anybody changed the object since, it fails with {@link FlagStoreConflictException} and changes nothing, so the
 * caller can read again and re-apply its change (see {@code FlagToggle}). Implementations do blocking API calls on the
 * caller's thread; never call them from a client's HTTP callback.
 */
public interface FlagStore {

    /** Annotation on the stored object holding the bounded change history (a JSON array). */
    String AUDIT_ANNOTATION = "progressive.jenkins.io/flag-audit";

    /** For messages: e.g. {@code ConfigMap shop/flags, key flags.flagd.json}. */
    String describe();

    /**
     * The flag set as stored now; an absent object or key reads as an empty set that the first write creates.
     *
     * @throws FlagStoreException if the stored text is not a valid flag set, or the API server cannot be read
     */
    StoredFlagSet read();

    /**
     * Writes the set and the audit history if the object is still at {@code read.resourceVersion()}; creates the
     * object or key when {@code read} found none. Keys and flags of the object this store does not own are kept.
     *
     * @param read what {@link #read} returned, the base of the change
     * @param flags the new set
     * @param auditJson the new value of {@link #AUDIT_ANNOTATION}
     * @return the object's new resourceVersion
     * @throws FlagStoreConflictException if the object changed since it was read (nothing was written)
     * @throws FlagStoreException if the set cannot be stored here or the API server refuses the write
     */
    String write(StoredFlagSet read, FlagSet flags, String auditJson);
}
