package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;

/**
 * One change to a flag set. Values check their own input when built (a bad parameter throws
 * {@link FlagOperationException} naming it), and {@link #applyTo} checks it against the set (unknown flag, unknown
 * variant) and returns a new, valid set; nothing is written by an operation itself.
 */
public sealed interface FlagOperation permits CreateFlag, SetState, KillSwitch, SetVariants, SetDefaultVariant,
        PercentageRollout, Experiment, SetTargeting, DefineSegment, SetLifecycle, ArchiveFlag {

    /** The flag this operation changes, or null when it changes the set ({@link DefineSegment}). */
    String flagKey();

    /** One line for the build log and the audit record, e.g. {@code percentage rollout of 'checkout': on 25%}. */
    String describe();

    /**
     * The set with this change.
     *
     * @param now the time of the change, for lifecycle metadata
     * @throws FlagOperationException if the change does not fit the set
     * @throws io.jenkins.plugins.progressive.engine.flags.InvalidFlagSetException if the result would be invalid
     */
    FlagSet applyTo(FlagSet set, Instant now);
}
