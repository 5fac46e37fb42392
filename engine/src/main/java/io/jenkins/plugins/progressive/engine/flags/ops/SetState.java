package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Instant;
import java.util.Objects;

/**
 * Enables or disables a flag and nothing else: its targeting stays, so enabling it again restores what users got.
 *
 * @param flag an existing flag
 * @param state the new state
 */
public record SetState(String flag, FlagState state) implements FlagOperation {

    public SetState {
        Params.flagKey(flag);
        Objects.requireNonNull(state, "state must not be null");
    }

    public static SetState enable(String flag) {
        return new SetState(flag, FlagState.ENABLED);
    }

    public static SetState disable(String flag) {
        return new SetState(flag, FlagState.DISABLED);
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return (state == FlagState.ENABLED ? "enable '" : "disable '") + flag + "'";
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        return set.withFlag(Params.existing(set, flag).withState(state));
    }
}
