package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Instant;

/**
 * Turns a feature off for everyone in one write. Without an off variant the flag is DISABLED: applications fall back to
 * the default in their code (flagd ≥ 0.16.0 reports reason DISABLED; older flagd an error, with the same fallback), and
 * the targeting stays for a later enable. With an off variant, everyone is pinned to it: it becomes the default
 * variant, the targeting is dropped (the audit record keeps it) and the flag is ENABLED, so applications get a value
 * from flagd rather than relying on their code default.
 *
 * @param flag an existing flag
 * @param offVariant the variant to pin everyone to, or null to disable the flag
 */
public record KillSwitch(String flag, String offVariant) implements FlagOperation {

    public KillSwitch {
        Params.flagKey(flag);
        if (offVariant != null) {
            Params.name(offVariant, "offVariant");
        }
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "kill switch on '" + flag + "': " + (offVariant == null ? "state DISABLED"
                : "everyone on '" + offVariant + "', targeting removed");
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition current = Params.existing(set, flag);
        if (offVariant == null) {
            return set.withFlag(current.withState(FlagState.DISABLED));
        }
        Params.variantOf(current, offVariant, "offVariant");
        return set.withFlag(current.withTargeting(null).withDefaultVariant(offVariant).withState(FlagState.ENABLED));
    }
}
