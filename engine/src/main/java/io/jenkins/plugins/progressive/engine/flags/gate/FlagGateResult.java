package io.jenkins.plugins.progressive.engine.flags.gate;

import java.util.Objects;

/**
 * What a flag gate found.
 *
 * @param holds whether the release may go on
 * @param flagKey the flag
 * @param percent the measured share of the gate's variant in percent, or null when the gate has no percentage or the
 *     flag could not be measured
 * @param message one sentence naming the flag, where it lives, and the numbers that decided
 */
public record FlagGateResult(boolean holds, String flagKey, Double percent, String message) {

    public FlagGateResult {
        Objects.requireNonNull(flagKey, "flagKey");
        Objects.requireNonNull(message, "message");
    }
}
