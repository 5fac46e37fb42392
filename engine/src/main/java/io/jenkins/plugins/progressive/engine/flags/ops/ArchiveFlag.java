package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;

/**
 * Removes a flag from the set. Its last definition is kept in the audit record of the change, so it can be restored;
 * applications asking for it get their code default (reason FLAG_NOT_FOUND). Remove the code that reads it first.
 *
 * @param flag an existing flag
 */
public record ArchiveFlag(String flag) implements FlagOperation {

    public ArchiveFlag {
        Params.flagKey(flag);
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "archive '" + flag + "' (removed from the set)";
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        Params.existing(set, flag);
        return set.withoutFlag(flag);
    }
}
