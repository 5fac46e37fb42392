package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.hooks.HookOutcome;
import io.jenkins.plugins.progressive.engine.hooks.HookRunIds;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.hooks.JobRunner;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * The migration hooks around a rolling update (docs/database-migrations.md): the expand Job must succeed before any
 * pod changes; the contract Job runs after success and, if it fails, is reported without undoing the application,
 * which already serves on the new schema.
 */
final class RollingHooks {

    private static final JobRunner RUNNER = new JobRunner();

    private RollingHooks() {
    }

    static CompletableFuture<Void> pre(RolloutContext context, RollingPlan plan) {
        HookSpec hook = plan.preHook();
        if (hook == null) {
            return CompletableFuture.completedFuture(null);
        }
        announce(context, "pre-hook", "running the pre-rollout Job (expand phase)");
        return RUNNER.run(context.client(), plan.namespace(), hook, runId(plan), context.scheduler()).thenAccept(outcome -> {
            report(context, outcome);
            if (!outcome.succeeded()) {
                throw new RollingUpdate.Refusal("the pre-rollout hook failed, so no pod was changed: " + outcome.summary());
            }
        });
    }

    static CompletableFuture<RolloutOutcome> post(RolloutContext context, RollingPlan plan, long revision, String success) {
        HookSpec hook = plan.postHook();
        if (hook == null) {
            return CompletableFuture.completedFuture(RolloutOutcome.rolling(RolloutOutcome.Result.SUCCEEDED, success, revision));
        }
        announce(context, "post-hook", "running the post-rollout Job (contract phase)");
        return RUNNER.run(context.client(), plan.namespace(), hook, runId(plan), context.scheduler()).thenApply(outcome -> {
            report(context, outcome);
            return outcome.succeeded()
                    ? RolloutOutcome.rolling(RolloutOutcome.Result.SUCCEEDED, success + "; post-rollout hook: " + outcome.summary(),
                            revision)
                    : RolloutOutcome.rolling(RolloutOutcome.Result.POST_HOOK_FAILED, success + ", but the post-rollout hook "
                            + "failed (the new version stays; fix the contract step forward): " + outcome.summary(), revision);
        });
    }

    private static void announce(RolloutContext context, String phase, String message) {
        context.listener().onEvent(new RolloutEvent.PhaseChanged(context.clock().instant(), phase, message));
    }

    private static void report(RolloutContext context, HookOutcome outcome) {
        context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(), outcome.summary(), outcome.succeeded()));
    }

    private static String runId(RollingPlan plan) {
        return HookRunIds.of(plan.holder(), plan.namespace(), plan.deployment());
    }
}
