package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.notify.NotifyOn;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutSnapshot;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutState;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotPlan;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotPlans;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotRecorder;
import io.jenkins.plugins.progressive.engine.rollout.Rollout;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.steps.args.BlueGreenArgs;
import io.jenkins.plugins.progressive.steps.args.CanaryArgs;
import io.jenkins.plugins.progressive.steps.args.RollingArgs;
import io.jenkins.plugins.progressive.steps.args.StatefulArgs;
import io.jenkins.plugins.progressive.steps.args.StepArgumentException;
import io.jenkins.plugins.progressive.steps.args.StepArgumentGuard;
import io.jenkins.plugins.progressive.steps.args.StepDefaults;
import java.io.Serializable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A step's arguments turned into a validated engine plan, ready to start. Building it does no I/O, so the step can
 * refuse bad input before it contacts a cluster. Which strategy runs the plan is the engine's choice
 * ({@link Rollout#start}); this class only adapts the Jenkinsfile's map to the plan and the outcome to the step's
 * return value.
 *
 * @param plan the engine's plan
 */
public record PlannedRollout(RolloutPlan plan) {

    public PlannedRollout {
        java.util.Objects.requireNonNull(plan, "plan");
    }

    /** What the target is called in the log and on the page, e.g. {@code deployment shop/checkout}. */
    public String target() {
        return plan.target();
    }

    /** The namespace and the workload's name, for notifications: {@code [shop, checkout]}. */
    public List<String> workload() {
        return List.of(plan.namespace(), plan.workload());
    }

    /** What the page's recorder is told about this rollout before any event. */
    public SnapshotPlan snapshotPlan(String cluster) {
        return SnapshotPlans.of(plan, null, cluster);
    }

    /** A recorder for the page. */
    public SnapshotRecorder recorder(String cluster, Clock clock) {
        return new SnapshotRecorder(snapshotPlan(cluster), clock);
    }

    /**
     * A recorder that continues the page's picture from before a controller restart ({@code earlier} null: a fresh
     * one); the engine ignores a snapshot of another rollout and says so on the page.
     */
    public SnapshotRecorder continuing(String cluster, Clock clock, RolloutSnapshot earlier) {
        return SnapshotRecorder.continuing(snapshotPlan(cluster), clock, earlier);
    }

    /**
     * Starts the rollout, or continues it after a controller restart: the engine finds this build's rollout of this
     * plan on the cluster and goes on from what the cluster holds. Call from a scheduler thread (the strategies read
     * the cluster before they return).
     */
    public Started start(RolloutContext context, ApprovalGate approvals) {
        Rollout rollout = Rollout.start(plan, context, approvals);
        return new Started(rollout.outcome().thenApply(this::stepOutcome), rollout::abort);
    }

    /** A running rollout: its outcome (never exceptional) and how to abort it. */
    public record Started(CompletableFuture<StepOutcome> outcome, Consumer<String> abort) {
    }

    /** The steps there are. */
    public enum Strategy {
        ROLLING("rollingUpdate"), BLUE_GREEN("blueGreenDeploy"), CANARY("canaryStage");

        private final String functionName;

        Strategy(String functionName) {
            this.functionName = functionName;
        }

        public String functionName() {
            return functionName;
        }
    }

    /**
     * The step's plan from its arguments.
     *
     * @throws StepArgumentException for any bad argument (whatever the parser threw), its message starting with the
     *     parameter's path and not with the step's name
     */
    public static PlannedRollout of(Strategy strategy, Map<String, ?> arguments, StepDefaults defaults) {
        return StepArgumentGuard.parse(strategy.functionName(), () -> new PlannedRollout(switch (strategy) {
            case ROLLING -> StatefulArgs.applies(arguments) ? StatefulArgs.plan(arguments, defaults)
                    : RollingArgs.plan(arguments, defaults);
            case BLUE_GREEN -> BlueGreenArgs.plan(arguments, defaults);
            case CANARY -> CanaryArgs.plan(arguments, defaults);
        }));
    }

    /**
     * What the step returns: {@code result}, and what runs at the end as each step has always returned it — a rolling
     * update's {@code revision} as a number, a StatefulSet's as its name, a blue/green release's {@code live} slot, a
     * canary's {@code weight}.
     */
    StepOutcome stepOutcome(RolloutOutcome outcome) {
        Map<String, Serializable> values = new LinkedHashMap<>();
        values.put("result", outcome.result().name());
        if (plan instanceof RollingPlan) {
            values.put("revision", outcome.revisionNumber());
        } else if (outcome.revision() != null) {
            values.put("revision", outcome.revision());
        }
        if (outcome.live() != null) {
            values.put("live", outcome.live());
        }
        if (plan instanceof CanaryPlan) {
            values.put("weight", outcome.weight());
        }
        return new StepOutcome(outcome.isSuccess(), outcome.message(), values);
    }

    /** How a rollout that ended in this state is announced. */
    public static NotifyOn ending(RolloutState state) {
        return switch (state) {
            case SUCCEEDED -> NotifyOn.PROMOTED;
            case ROLLED_BACK -> NotifyOn.ROLLED_BACK;
            default -> NotifyOn.FAILED;
        };
    }

    /** The page's end state for an outcome (one the step could not even start has no result: failed). */
    public static RolloutState state(StepOutcome outcome) {
        Object result = outcome.values().get("result");
        for (RolloutOutcome.Result known : RolloutOutcome.Result.values()) {
            if (known.name().equals(result)) {
                return RolloutState.of(known);
            }
        }
        return outcome.success() ? RolloutState.SUCCEEDED : RolloutState.FAILED;
    }
}
