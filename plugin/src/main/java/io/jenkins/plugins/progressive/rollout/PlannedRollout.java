package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.notify.NotifyOn;
import io.jenkins.plugins.progressive.engine.progress.report.BlueGreenSnapshots;
import io.jenkins.plugins.progressive.engine.progress.report.CanarySnapshots;
import io.jenkins.plugins.progressive.engine.progress.report.RollingSnapshots;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutSnapshot;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutState;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotPlan;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotRecorder;
import io.jenkins.plugins.progressive.engine.progress.report.StatefulSnapshots;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulRollingUpdate;
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
 * A step's arguments turned into a validated engine plan, ready to start: the one place that knows which strategy
 * class runs which step. Building it does no I/O, so the step can refuse bad input before it contacts a cluster.
 */
public sealed interface PlannedRollout {

    /** What the target is called in the log and on the page, e.g. {@code deployment shop/checkout}. */
    String target();

    /** The namespace and the workload's name, for notifications: {@code [shop, checkout]}. */
    List<String> workload();

    /** What the page's recorder is told about this rollout before any event. */
    SnapshotPlan snapshotPlan(String cluster);

    /** A recorder for the page. */
    default SnapshotRecorder recorder(String cluster, Clock clock) {
        return new SnapshotRecorder(snapshotPlan(cluster), clock);
    }

    /**
     * A recorder that continues the page's picture from before a controller restart ({@code earlier} null: a fresh
     * one); the engine ignores a snapshot of another rollout and says so on the page.
     */
    default SnapshotRecorder continuing(String cluster, Clock clock, RolloutSnapshot earlier) {
        return SnapshotRecorder.continuing(snapshotPlan(cluster), clock, earlier);
    }

    /** Starts the rollout; call from a scheduler thread (the strategies read the cluster before they return). */
    Started start(RolloutContext context, ApprovalGate approvals);

    /**
     * Re-attaches after a controller restart, from the state the strategy mirrored on the cluster: a rolling update
     * continues its batch, a blue/green release its watch (never switching twice); a canary continues after its
     * last completed step at the weight it had (its {@code start} finds the walk on the canary Deployment).
     */
    default Started resume(RolloutContext context, ApprovalGate approvals) {
        return start(context, approvals);
    }

    /** A running rollout: its outcome (never exceptional) and how to abort it. */
    record Started(CompletableFuture<StepOutcome> outcome, Consumer<String> abort) {
    }

    /** The steps there are. */
    enum Strategy {
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
    static PlannedRollout of(Strategy strategy, Map<String, ?> arguments, StepDefaults defaults) {
        return StepArgumentGuard.parse(strategy.functionName(), () -> switch (strategy) {
            case ROLLING -> StatefulArgs.applies(arguments) ? new Stateful(StatefulArgs.plan(arguments, defaults))
                    : new Rolling(RollingArgs.plan(arguments, defaults));
            case BLUE_GREEN -> new BlueGreen(BlueGreenArgs.plan(arguments, defaults));
            case CANARY -> new Canary(CanaryArgs.plan(arguments, defaults));
        });
    }

    record Rolling(RollingPlan plan) implements PlannedRollout {
        @Override
        public String target() {
            return "deployment " + plan.namespace() + "/" + plan.deployment();
        }

        @Override
        public List<String> workload() {
            return List.of(plan.namespace(), plan.deployment());
        }

        @Override
        public SnapshotPlan snapshotPlan(String cluster) {
            return RollingSnapshots.plan(plan, null, cluster);
        }

        @Override
        public Started start(RolloutContext context, ApprovalGate approvals) {
            RollingUpdate update = RollingUpdate.start(plan, context);
            return new Started(update.outcome().thenApply(Rolling::outcome), update::abort);
        }

        @Override
        public Started resume(RolloutContext context, ApprovalGate approvals) {
            RollingUpdate update = RollingUpdate.resume(plan, context);
            return new Started(update.outcome().thenApply(Rolling::outcome), update::abort);
        }

        static StepOutcome outcome(RolloutOutcome outcome) {
            Map<String, Serializable> values = new LinkedHashMap<>();
            values.put("result", outcome.result().name());
            // A number, as the step has always returned it (`kubectl rollout history` numbers revisions).
            values.put("revision", outcome.revisionNumber());
            return new StepOutcome(outcome.isSuccess(), outcome.message(), values);
        }
    }

    record Stateful(StatefulPlan plan) implements PlannedRollout {
        @Override
        public String target() {
            return "statefulset " + plan.namespace() + "/" + plan.statefulSet();
        }

        @Override
        public List<String> workload() {
            return List.of(plan.namespace(), plan.statefulSet());
        }

        @Override
        public SnapshotPlan snapshotPlan(String cluster) {
            return StatefulSnapshots.plan(plan, null, cluster);
        }

        /** Also the resume: the rollout finds this build's state on the StatefulSet and continues its batch. */
        @Override
        public Started start(RolloutContext context, ApprovalGate approvals) {
            StatefulRollingUpdate update = StatefulRollingUpdate.start(plan, context);
            return new Started(update.outcome().thenApply(Stateful::outcome), update::abort);
        }

        static StepOutcome outcome(RolloutOutcome outcome) {
            Map<String, Serializable> values = new LinkedHashMap<>();
            values.put("result", outcome.result().name());
            if (outcome.revision() != null) {
                values.put("revision", outcome.revision());
            }
            return new StepOutcome(outcome.isSuccess(), outcome.message(), values);
        }
    }

    record BlueGreen(BlueGreenPlan plan) implements PlannedRollout {
        @Override
        public String target() {
            return "app " + plan.namespace() + "/" + plan.app() + " (blue/green)";
        }

        @Override
        public List<String> workload() {
            return List.of(plan.namespace(), plan.app());
        }

        @Override
        public SnapshotPlan snapshotPlan(String cluster) {
            return BlueGreenSnapshots.plan(plan, null, cluster);
        }

        @Override
        public Started start(RolloutContext context, ApprovalGate approvals) {
            BlueGreenDeploy deploy = BlueGreenDeploy.start(plan, context, approvals);
            return new Started(deploy.outcome().thenApply(BlueGreen::outcome), deploy::abort);
        }

        static StepOutcome outcome(BlueGreenOutcome outcome) {
            Map<String, Serializable> values = new LinkedHashMap<>();
            values.put("result", outcome.result().name());
            if (outcome.live() != null) {
                values.put("live", outcome.live().name().toLowerCase(java.util.Locale.ROOT));
            }
            return new StepOutcome(outcome.result() == BlueGreenOutcome.Result.PROMOTED, outcome.message(), values);
        }
    }

    record Canary(CanaryPlan plan) implements PlannedRollout {
        @Override
        public String target() {
            return "app " + plan.namespace() + "/" + plan.app() + " (canary)";
        }

        @Override
        public List<String> workload() {
            return List.of(plan.namespace(), plan.app());
        }

        @Override
        public SnapshotPlan snapshotPlan(String cluster) {
            return CanarySnapshots.plan(plan, null, cluster);
        }

        @Override
        public Started start(RolloutContext context, ApprovalGate approvals) {
            CanaryStage stage = CanaryStage.start(plan, context, approvals);
            return new Started(stage.outcome().thenApply(Canary::outcome), stage::abort);
        }

        static StepOutcome outcome(RolloutOutcome outcome) {
            Map<String, Serializable> values = new LinkedHashMap<>();
            values.put("result", outcome.result().name());
            values.put("weight", outcome.weight());
            return new StepOutcome(outcome.result() == RolloutOutcome.Result.PROMOTED, outcome.message(), values);
        }
    }

    /** How a rollout that ended in this state is announced. */
    static NotifyOn ending(RolloutState state) {
        return switch (state) {
            case SUCCEEDED -> NotifyOn.PROMOTED;
            case ROLLED_BACK -> NotifyOn.ROLLED_BACK;
            default -> NotifyOn.FAILED;
        };
    }

    /** The page's end state for an outcome. */
    static RolloutState state(StepOutcome outcome) {
        if (outcome.success()) {
            return RolloutState.SUCCEEDED;
        }
        Object result = outcome.values().get("result");
        if ("REFUSED".equals(result)) {
            return RolloutState.REFUSED;
        }
        if ("ROLLED_BACK".equals(result) || "SWITCHED_BACK".equals(result) || "NOT_PROMOTED".equals(result)) {
            return RolloutState.ROLLED_BACK;
        }
        return "PAUSED".equals(result) ? RolloutState.PAUSED : RolloutState.FAILED;
    }
}
