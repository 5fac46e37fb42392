package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.gate.FlagGateResult;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStoreException;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A canary's flag gates. Before anything is written each gate's store is read and its flag must exist, so a typo
 * refuses the release instead of rolling it back half an hour in; a gate that would fail right now is a warning (the
 * flag may be changed before the canary gets there). When the canary reaches the gate the flag is read again and
 * judged: if the condition does not hold, or the store cannot be read, the canary is rolled back with the flag and
 * its measured share in the reason. It does not wait for the flag to change: a flag moved past its bound while the
 * canary runs means the combination being released is not the one that was planned, and a release engineer should
 * look before trying again (put a pause or an approval before the gate to give people time).
 */
final class FlagGateCheck {

    /** The reason code of a rollback caused by a flag gate ({@code rollbacks_total{reason}}). */
    static final String REASON = "flag-gate";

    private FlagGateCheck() {
    }

    /**
     * Reads every gate's flag before the canary starts; blocks on API calls, so it runs where the preflight's other
     * reads run, never on a client's HTTP thread.
     *
     * @throws IllegalArgumentException naming the step, if a store cannot be read or a flag does not exist
     */
    static void preflight(CanaryPlan plan, RolloutContext context) {
        List<CanaryStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof CanaryStep.FlagGate gate) {
                String step = "steps[" + i + "] (flag gate)";
                FlagSet set;
                try {
                    set = read(gate, context);
                } catch (FlagStoreException e) {
                    throw new IllegalArgumentException(step + ": " + e.getMessage(), e);
                }
                FlagGateResult now = judge(gate, set, context);
                if (set.flag(gate.flagKey()).isEmpty()) {
                    throw new IllegalArgumentException(step + ": " + now.message());
                }
                if (!now.holds()) {
                    context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), step + " would roll "
                            + "the canary back if it were reached now: " + now.message()));
                }
            }
        }
    }

    /**
     * Judges the gate on the scheduler (the store read blocks).
     *
     * @param name the step's name for messages, e.g. {@code step 3 of 5}
     * @param weight the canary's weight when the gate is reached
     * @return completes normally if the gate holds, else with a {@link RolloutFailure} that rolls the canary back
     */
    static CompletableFuture<Void> check(CanaryStep.FlagGate gate, RolloutContext context, RolloutJournal journal,
            String name, int weight) {
        return CompletableFuture.runAsync(() -> {
            FlagGateResult result;
            try {
                result = judge(gate, read(gate, context), context);
            } catch (FlagStoreException e) {
                // A gate that cannot be read does not hold: going on would release without the condition checked.
                journal.decision(name + ": flag gate could not read the flag: " + e.getMessage(), false);
                throw new RolloutFailure(REASON, name + " at " + weight + "%: flag gate could not read flag '"
                        + gate.flagKey() + "': " + e.getMessage());
            }
            journal.decision(name + ": flag gate " + (result.holds() ? "passed" : "failed") + " — " + result.message(),
                    result.holds());
            if (!result.holds()) {
                throw new RolloutFailure(REASON, name + " at " + weight + "%: flag gate failed: " + result.message());
            }
        }, context.scheduler());
    }

    private static FlagSet read(CanaryStep.FlagGate gate, RolloutContext context) {
        FlagStore store = gate.source().open(context.client());
        return store.read().flagSet();
    }

    private static FlagGateResult judge(CanaryStep.FlagGate gate, FlagSet set, RolloutContext context) {
        return gate.condition().check(set, gate.flagKey(), gate.source().describe(), context.clock());
    }
}
