package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.hooks.HookRunIds;
import io.jenkins.plugins.progressive.engine.hooks.JobRunner;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * The migration Jobs of a blue/green release: expand before the new slot starts (both versions must then work on the
 * expanded schema), contract once the old slot is gone. A failed expand stops the release before anything changes.
 */
final class BlueGreenHooks {

    private static final JobRunner RUNNER = new JobRunner();

    /** The release must not start. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private BlueGreenHooks() {
    }

    static CompletableFuture<Void> pre(RolloutContext context, BlueGreenPlan plan) {
        if (plan.preHook() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return RUNNER.run(context.client(), plan.namespace(), plan.preHook(), runId(plan), context.scheduler())
                .thenAccept(outcome -> {
                    context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(), outcome.summary(),
                            outcome.succeeded()));
                    if (!outcome.succeeded()) {
                        throw new Refused("the pre-switch hook failed, nothing was changed: " + outcome.summary());
                    }
                });
    }

    static CompletableFuture<RolloutOutcome> post(RolloutContext context, BlueGreenPlan plan, String message, Slot live) {
        if (plan.postHook() == null) {
            return CompletableFuture.completedFuture(RolloutOutcome.blueGreen(RolloutOutcome.Result.PROMOTED, message, live.label(), null));
        }
        return RUNNER.run(context.client(), plan.namespace(), plan.postHook(), runId(plan), context.scheduler())
                .thenApply(outcome -> outcome.succeeded()
                        ? RolloutOutcome.blueGreen(RolloutOutcome.Result.PROMOTED, message + "; " + outcome.summary(), live.label(), null)
                        : RolloutOutcome.blueGreen(RolloutOutcome.Result.POST_HOOK_FAILED, message + ", but the post-promotion "
                                + "hook failed (nothing undone; fix the contract step forward): " + outcome.summary(), live.label(),
                                null));
    }

    private static String runId(BlueGreenPlan plan) {
        return HookRunIds.of(plan.holder(), plan.namespace(), plan.app());
    }
}
