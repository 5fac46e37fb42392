package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;

/**
 * Sets the variant users get when no rule matches (or the flag has no targeting).
 *
 * @param flag an existing flag
 * @param defaultVariant one of its variants
 */
public record SetDefaultVariant(String flag, String defaultVariant) implements FlagOperation {

    public SetDefaultVariant {
        Params.flagKey(flag);
        Params.name(defaultVariant, "defaultVariant");
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "set default of '" + flag + "' to '" + defaultVariant + "'";
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition current = Params.existing(set, flag);
        Params.variantOf(current, defaultVariant, "defaultVariant");
        return set.withFlag(current.withDefaultVariant(defaultVariant));
    }
}
