package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRevisions;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.ResourceWatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * What a failed rolling update does: put the previous revision's template back and wait until it is fully available
 * again (as {@code kubectl rollout undo} followed by {@code rollout status}), or — with automatic rollback off, or an
 * inconclusive gate under {@link InconclusivePolicy#PAUSE} — pause the Deployment where it stands for a human.
 */
final class RollingUndo {

    /** How long the old version may take to be fully available again. */
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(10);

    private final RolloutContext context;
    private final RollingPlan plan;
    private final DeploymentChanges changes;
    private final ReplicaSet previous;
    private final RollingObserver observer;

    RollingUndo(RolloutContext context, RollingPlan plan, DeploymentChanges changes, ReplicaSet previous,
            RollingObserver observer) {
        this.context = context;
        this.plan = plan;
        this.changes = changes;
        this.previous = previous;
        this.observer = observer;
    }

    CompletableFuture<RolloutOutcome> undo(RolloutFailure failure, IntFunction<String> state) {
        String failed = failure.getMessage();
        boolean pause = !plan.autoRollback()
                || "inconclusive".equals(failure.reason()) && plan.onInconclusive() == InconclusivePolicy.PAUSE;
        try {
            if (pause) {
                changes.pause(state.apply(0));
                return done(RolloutOutcome.Result.PAUSED, failed + "; the Deployment is left paused for a human ("
                        + (plan.autoRollback() ? "onInconclusive is PAUSE" : "autoRollback is off")
                        + "): resume it or undo it with kubectl", current());
            }
            if (previous == null) {
                return done(RolloutOutcome.Result.FAILED, failed
                        + "; there is no earlier revision to go back to, so the Deployment was left as it is", 0);
            }
            long revision = DeploymentRevisions.revision(previous);
            String image = RollingUpdate.imageOf(previous, plan.images().get(0).container());
            context.listener().onEvent(new RolloutEvent.PhaseChanged(context.clock().instant(), "rolling back",
                    failed + "; going back to revision " + revision + " (" + image + ")"));
            context.metrics().rolledBack("rolling", failure.reason());
            long generation = changes.restore(DeploymentRevisions.templateOf(previous),
                    "rollback of " + plan.holder() + " to revision " + revision, state.apply(0)).getMetadata().getGeneration();
            return ResourceWatch.until(
                    context.client().apps().deployments().inNamespace(plan.namespace()).withName(plan.deployment()),
                    "deployment " + plan.deployment() + " back on revision " + revision,
                    d -> d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                            && d.getStatus().getObservedGeneration() >= generation && DeploymentRolloutStatus.of(d).isDone(),
                    d -> observer.progress(d, 0, replicas(d)), RESTORE_TIMEOUT, context.scheduler())
                    .handle((d, error) -> {
                        if (error != null) {
                            return RolloutOutcome.rolling(RolloutOutcome.Result.FAILED, failed + "; the rollback to revision "
                                    + revision + " did not finish: " + RolloutFailure.describe(error), revision);
                        }
                        RolloutStatus status = DeploymentRolloutStatus.of(d);
                        if (status.phase() == RolloutPhase.FAILED) {
                            return RolloutOutcome.rolling(RolloutOutcome.Result.FAILED, failed + "; the rollback to revision "
                                    + revision + " failed too: " + status.message(), revision);
                        }
                        return RolloutOutcome.rolling(RolloutOutcome.Result.ROLLED_BACK, failed + "; rolled back to revision "
                                + revision + " (" + image + "), " + status.available() + " of " + status.desired()
                                + " replicas available again", revision);
                    });
        } catch (RuntimeException e) {
            return done(RolloutOutcome.Result.FAILED, failed + "; undoing it failed as well: " + RolloutFailure.describe(e), 0);
        }
    }

    private long current() {
        Deployment deployment = context.client().apps().deployments().inNamespace(plan.namespace())
                .withName(plan.deployment()).get();
        return deployment == null ? 0 : DeploymentRevisions.of(context.client(), deployment).newest()
                .map(DeploymentRevisions::revision).orElse(0L);
    }

    private static int replicas(Deployment deployment) {
        return deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    }

    private static CompletableFuture<RolloutOutcome> done(RolloutOutcome.Result result, String message, long revision) {
        return CompletableFuture.completedFuture(RolloutOutcome.rolling(result, message, revision));
    }
}
