package io.jenkins.plugins.progressive.engine.rollout;

import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulRollingUpdate;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running rollout, whatever its strategy: the one entry point a caller (the plugin, a command line) uses. The
 * strategy follows from the plan's type. There is no separate resume: every strategy starts by reading what the
 * cluster holds of this holder's rollout of this plan and goes on from there, so starting the same plan again after
 * a controller restart (or an engine killed after any write) continues it, and a plan whose rollout had ended is
 * reported as it ended.
 */
public final class Rollout {

    private final RolloutPlan plan;
    private final CompletableFuture<RolloutOutcome> outcome;
    private final Consumer<String> abort;

    private Rollout(RolloutPlan plan, CompletableFuture<RolloutOutcome> outcome, Consumer<String> abort) {
        this.plan = plan;
        this.outcome = outcome;
        this.abort = abort;
    }

    /**
     * Starts (or continues) the rollout of {@code plan}. Reads the cluster before it returns: call it from a scheduler
     * thread, never from one that must not block.
     *
     * @param approvals who answers approvals and pauses without a duration; null when nobody can (a canary then refuses
     *     such steps before writing; a blue/green release switches without asking)
     */
    public static Rollout start(RolloutPlan plan, RolloutContext context, ApprovalGate approvals) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(context, "context");
        if (plan instanceof RollingPlan rolling) {
            RollingUpdate update = RollingUpdate.start(rolling, context);
            return new Rollout(plan, update.outcome(), update::abort);
        }
        if (plan instanceof StatefulPlan stateful) {
            StatefulRollingUpdate update = StatefulRollingUpdate.start(stateful, context);
            return new Rollout(plan, update.outcome(), update::abort);
        }
        if (plan instanceof CanaryPlan canary) {
            CanaryStage stage = CanaryStage.start(canary, context, approvals);
            return new Rollout(plan, stage.outcome(), stage::abort);
        }
        if (plan instanceof BlueGreenPlan blueGreen) {
            BlueGreenDeploy release = BlueGreenDeploy.start(blueGreen, context, approvals);
            return new Rollout(plan, release.outcome(), release::abort);
        }
        throw new IllegalArgumentException("plan: no strategy runs a " + plan.getClass().getSimpleName());
    }

    public RolloutPlan plan() {
        return plan;
    }

    /** Completes with how the rollout ended, never exceptionally. */
    public CompletableFuture<RolloutOutcome> outcome() {
        return outcome;
    }

    /**
     * Stops the rollout at its next wait: before its first write nothing is written (refused); after it, the strategy
     * undoes (or, with automatic rollback off, pauses). Idempotent.
     */
    public void abort(String reason) {
        abort.accept(reason);
    }
}
