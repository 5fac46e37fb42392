package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRevisions;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.ResourceWatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutConflictException;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.strategy.MetricGatePreflight;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import io.jenkins.plugins.progressive.engine.strategy.RolloutLifecycle;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.RolloutStop;
import io.jenkins.plugins.progressive.engine.strategy.StepVerification;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A rolling update as an explicit sequence of phases, each a non-blocking step on the shared scheduler:
 * <pre>
 * preflight ─ lock ─ pre-hook ─ apply ─ batch 1 … batch n-1 (release, pause, verify) ─ last batch (complete, verify)
 *     │         │        │                                    │ failure                         ─ post-hook ─ done
 *     └─────────┴────────┴── refused, nothing written          └── undo to the previous revision (or pause for a human)
 * </pre>
 * Before the first write every problem is a refusal; after it every failure ends with the old version fully serving
 * again (or, with automatic rollback off, paused where it stood). The lease is released whatever happens.
 */
public final class RollingUpdate {

    private final RollingPlan plan;
    private final RolloutContext context;
    private final RolloutJournal journal;
    private final RollingObserver observer;
    private Deployment original;
    private DeploymentChanges changes;
    private ReplicaSet previous;
    private final RolloutLifecycle lifecycle;
    private volatile boolean written;
    private volatile String phase = "preflight";
    /** Fails (with the abort as cause) when someone stops the rollout; every wait ends early on it. */
    private final RolloutStop stop;
    private CompletableFuture<RolloutOutcome> outcome;
    private boolean resumedBatch;

    private RollingUpdate(RollingPlan plan, RolloutContext context) {
        this.lifecycle = new RolloutLifecycle(context, "rolling");
        this.plan = plan;
        this.context = lifecycle.context();
        this.stop = lifecycle.stop();
        this.journal = lifecycle.journal();
        this.observer = new RollingObserver(context, plan.batches().size());
    }

    /** Starts the rollout; the future completes with its outcome, never exceptionally. */
    public static CompletableFuture<RolloutOutcome> run(RollingPlan plan, RolloutContext context) {
        return start(plan, context).outcome();
    }

    /**
     * Starts the rollout and returns a handle to abort it. Reads the cluster before returning (preflight), so call it
     * from a scheduler thread, never from a thread that must not block.
     */
    public static RollingUpdate start(RollingPlan plan, RolloutContext context) {
        RollingUpdate update = new RollingUpdate(plan, context);
        Deployment now = update.deployments().get();
        RollingResumeState saved = RollingResumeState.read(now, plan.holder());
        // The cluster decides, not the caller: a Deployment that carries this holder's rollout of these images is
        // that rollout, interrupted (a controller restart, an engine killed after any write): it goes on from there.
        update.outcome = saved != null && update.carriesPlan(now) ? update.reattach(saved) : update.start();
        return update;
    }

    /**
     * Re-attaches to a rollout this holder started before its controller restarted, from the state the rollout
     * mirrored on the Deployment ({@code progressive.jenkins.io/rollout}): the batch it was in, the revision to undo
     * to, the Deployment's own rolling settings. Nothing is applied a second time; batches continue from the
     * Deployment's current counts. When the Deployment carries no state of this holder (the first write never
     * happened), the rollout simply starts.
     */
    public static RollingUpdate resume(RollingPlan plan, RolloutContext context) {
        return start(plan, context);
    }

    /** Whether the Deployment's template runs this plan's images (a plan of a manifest: whether its state is there). */
    private boolean carriesPlan(Deployment deployment) {
        Map<String, String> running = new LinkedHashMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().forEach(c -> running.put(c.getName(), c.getImage()));
        return plan.images().stream().allMatch(i -> i.image().equals(running.get(i.container())));
    }

    /** Completes with the outcome, never exceptionally. */
    public CompletableFuture<RolloutOutcome> outcome() {
        return outcome;
    }

    /**
     * Stops the rollout at its next wait: after the first write that means the same undo as a failed check (or a
     * pause with automatic rollback off); before it, nothing is written. Idempotent.
     */
    public void abort(String reason) {
        stop.abort(reason);
    }

    private CompletableFuture<RolloutOutcome> start() {
        CompletableFuture<RolloutOutcome> outcome;
        try {
            prepare();
            // Every step that talks to the API server runs on the shared scheduler: futures complete on HTTP client
            // threads, and a blocking call there would wait for the very thread it runs on.
            Executor steps = context.scheduler();
            outcome = stoppable(RollingHooks.pre(context, plan))
                    .thenComposeAsync(ignored -> roll(), steps)
                    .thenComposeAsync(revision -> RollingHooks.post(context, plan, revision, successMessage(revision)), steps)
                    .exceptionallyComposeAsync(this::failed, steps);
        } catch (RuntimeException e) {
            outcome = failed(e);
        }
        return outcome.thenApplyAsync(this::finish, context.scheduler());
    }

    private CompletableFuture<RolloutOutcome> reattach(RollingResumeState saved) {
        CompletableFuture<RolloutOutcome> result;
        Executor steps = context.scheduler();
        try {
            Deployment current = deployments().get();
            original = saved.original(current);
            holdLease();
            previous = saved.previousRevision() == 0 ? null
                    : DeploymentRevisions.of(context.client(), current).revision(saved.previousRevision()).orElse(null);
            changes = new DeploymentChanges(context.client(), plan, original);
            written = true;
            resumedBatch = true;
            int index = Math.min(Math.max(saved.batch() - 1, 0), plan.batches().size() - 1);
            enter("resume", "re-attached after a restart at batch " + (index + 1) + " of " + plan.batches().size()
                    + " (undo goes to revision " + saved.previousRevision() + ")");
            // The batch decides from the status (how many new pods run), which means something only once the
            // controller has observed the Deployment as the interrupted engine left it.
            CompletableFuture<Long> rest = stoppable(ResourceWatch.until(deployments(), "deployment "
                            + plan.deployment() + " observed by its controller", d -> observed(d, d.getMetadata().getGeneration()),
                            d -> { }, Duration.ofSeconds(progressDeadlineSeconds()), context.scheduler()))
                    .thenComposeAsync(d -> plan.batches().size() > 1 ? batch(index) : lastStep(d.getMetadata().getGeneration()),
                            steps);
            result = rest.thenComposeAsync(revision -> RollingHooks.post(context, plan, revision, successMessage(revision)), steps)
                    .exceptionallyComposeAsync(this::failed, steps);
        } catch (RolloutConflictException e) {
            result = CompletableFuture.completedFuture(RolloutOutcome.rolling(RolloutOutcome.Result.FAILED,
                    "cannot re-attach: " + e.getMessage(), saved.previousRevision()));
        } catch (RuntimeException e) {
            result = failed(e);
        }
        return result.thenApplyAsync(this::finish, context.scheduler());
    }

    /** Reads and checks everything, then takes the lock; throws a {@link Refusal} when the rollout must not start. */
    private void prepare() {
        enter("preflight", "checking deployment " + plan.namespace() + "/" + plan.deployment());
        original = context.client().apps().deployments().inNamespace(plan.namespace()).withName(plan.deployment()).get();
        if (original == null) {
            throw new Refusal("deployment " + plan.namespace() + "/" + plan.deployment() + " not found");
        }
        try {
            DeploymentChanges.requireCompatible(plan, original);
        } catch (PlanException e) {
            throw new Refusal(e.getMessage());
        }
        RollingPreflight.check(context, plan, original);
        String unmeasured = MetricGatePreflight.refusal(context, RollingGates.preflight(context, plan, original));
        if (unmeasured != null) {
            throw new Refusal(unmeasured);
        }
        try {
            holdLease();
        } catch (RolloutConflictException e) {
            throw new Refusal(e.getMessage());
        }
        previous = DeploymentRevisions.of(context.client(), original).newest().orElse(null);
        changes = new DeploymentChanges(context.client(), plan, original);
    }

    /** Takes the lease; losing it ends every wait, and the rollout stops where it is (see {@link #failed}). */
    private void holdLease() {
        lifecycle.takeLease(plan.namespace(), "Deployment", plan.deployment(), plan.holder());
    }

    /** Applies the change and walks the batches; completes with the revision that runs at the end. */
    private CompletableFuture<Long> roll() {
        requireNotStopped();
        enter("apply", "setting " + describeImages() + (plan.batches().size() > 1 ? " (paused for batches "
                + plan.batches().percents() + "%)" : ""));
        written = true;
        Deployment applied = changes.apply(state(0));
        return plan.batches().size() > 1 ? batch(0) : lastStep(applied.getMetadata().getGeneration());
    }

    private CompletableFuture<Long> batch(int index) {
        requireNotStopped();
        if (index == plan.batches().size() - 1) {
            enter("batch " + (index + 1) + " of " + plan.batches().size(), "releasing the rest");
            return lastStep(changes.releaseRest(state(index)).getMetadata().getGeneration());
        }
        int replicas = replicas();
        int target = plan.batches().target(index, replicas);
        String step = "batch " + (index + 1) + " of " + plan.batches().size();
        enter(step, "moving " + target + " of " + replicas + " replicas (" + plan.batches().percents().get(index)
                + "%) to the new version");
        Deployment now = deployments().get();
        // Right after a template change the status still counts the old template's pods as updated: the count is
        // trusted only once the controller has observed the current generation, and is none before.
        int updated = observed(now, now.getMetadata().getGeneration()) ? count(now.getStatus().getUpdatedReplicas()) : 0;
        // A resumed batch may have been released already (running), or have its pods already (then it is only held:
        // surge 0 with unavailable 0 is invalid); either way nothing is released a second time.
        boolean released = resumedBatch && !Boolean.TRUE.equals(now.getSpec().getPaused());
        boolean alreadyThere = resumedBatch && updated >= target;
        resumedBatch = false;
        long generation = released ? now.getMetadata().getGeneration()
                : (alreadyThere ? changes.pause(state(index))
                        : changes.releaseBatch(Math.max(1, target - updated), state(index))).getMetadata().getGeneration();
        Duration deadline = Duration.ofSeconds(progressDeadlineSeconds());
        return stoppable(ResourceWatch.until(deployments(), "deployment " + plan.deployment() + " scaling up " + step,
                d -> observed(d, generation) && count(d.getStatus().getUpdatedReplicas()) >= target,
                d -> observer.progress(d, index, target), deadline, context.scheduler()))
                .thenComposeAsync(d -> {
                    changes.pause(state(index));
                    ReplicaSet fresh = newReplicaSet();
                    requireNotStopped();
                    return stoppable(ResourceWatch.until(context.client().apps().replicaSets().inNamespace(plan.namespace())
                                    .withName(fresh.getMetadata().getName()),
                            step + ": " + target + " new pods available", rs -> rs.getStatus() != null
                                    && count(rs.getStatus().getAvailableReplicas()) >= target,
                            rs -> { }, deadline, context.scheduler()))
                            .exceptionally(error -> {
                                throw RolloutFailure.cause(error) instanceof TimeoutException
                                        ? new RolloutFailure("deadline", step + ": fewer than " + target
                                                + " new pods became available within progressDeadlineSeconds ("
                                                + deadline.toSeconds() + " s)")
                                        : RolloutFailure.cause(error) instanceof RolloutFailure aborted ? aborted
                                        : new RolloutFailure("error", step + ": " + RolloutFailure.cause(error).getMessage());
                            })
                            .thenComposeAsync(rs -> verify(step, rs, plan.analysis()), context.scheduler());
                }, context.scheduler())
                .thenComposeAsync(ignored -> batch(index + 1), context.scheduler());
    }

    /** Lets the Deployment finish, judged exactly like {@code kubectl rollout status}, then verifies the result. */
    private CompletableFuture<Long> lastStep(long generation) {
        String step = plan.batches().size() > 1 ? "batch " + plan.batches().size() + " of " + plan.batches().size()
                : "rollout";
        Duration wait = Duration.ofSeconds(2L * progressDeadlineSeconds() + 60);
        return stoppable(ResourceWatch.until(deployments(), "deployment " + plan.deployment() + " to finish its rollout",
                d -> observed(d, generation) && DeploymentRolloutStatus.of(d).isDone(),
                d -> observer.progress(d, plan.batches().size() - 1, replicas()), wait, context.scheduler()))
                .thenComposeAsync(d -> {
                    RolloutStatus status = DeploymentRolloutStatus.of(d);
                    if (status.phase() == RolloutPhase.FAILED) {
                        throw new RolloutFailure("deadline", step + ": " + status.message() + " ("
                                + status.available() + " of " + status.desired() + " available, " + status.updated()
                                + " updated, after progressDeadlineSeconds " + progressDeadlineSeconds() + " s)");
                    }
                    ReplicaSet fresh = newReplicaSet();
                    AnalysisPlan finalGates = StepVerification.withoutComparisons(plan.analysis());
                    return verify(step, fresh, finalGates).thenApply(ignored -> DeploymentRevisions.revision(fresh));
                }, context.scheduler());
    }

    private CompletableFuture<Void> verify(String step, ReplicaSet fresh, AnalysisPlan analysis) {
        enter("verify", step + ": checking the new version");
        AnalysisTarget target = analysis == null ? null
                : RollingGates.target(plan, fresh, analysis.isComparative() ? previous : null);
        return stoppable(StepVerification.verify(context, plan.namespace(), step, plan.healthChecks(), analysis, target));
    }

    private <T> CompletableFuture<T> stoppable(CompletableFuture<T> wait) {
        return stop.unlessStopped(wait);
    }

    private void requireNotStopped() {
        stop.throwIfStopped();
    }

    /** After the first write: undo (or pause); before it: a refusal. */
    private CompletableFuture<RolloutOutcome> failed(Throwable error) {
        Throwable cause = RolloutFailure.cause(error);
        long revision = previous == null ? 0 : DeploymentRevisions.revision(previous);
        if (lifecycle.leaseLost()) {
            // Someone else may be rolling this Deployment out now: an undo would write on top of its work.
            return CompletableFuture.completedFuture(RolloutOutcome.rolling(written ? RolloutOutcome.Result.FAILED
                    : RolloutOutcome.Result.REFUSED, lifecycle.lostMessage("deployment " + plan.namespace() + "/"
                    + plan.deployment()), revision));
        }
        if (cause instanceof Refusal refusal) {
            return CompletableFuture.completedFuture(RolloutOutcome.rolling(RolloutOutcome.Result.REFUSED, refusal.getMessage(), revision));
        }
        if (!written) {
            return CompletableFuture.completedFuture(RolloutOutcome.rolling(RolloutOutcome.Result.REFUSED,
                    "nothing was changed: " + describe(cause), revision));
        }
        RolloutFailure failure = cause instanceof RolloutFailure f ? f : new RolloutFailure("error", describe(cause));
        return new RollingUndo(context, plan, changes, previous, observer).undo(failure, this::state);
    }

    private RolloutOutcome finish(RolloutOutcome outcome) {
        return lifecycle.finish(outcome);
    }

    private String successMessage(long revision) {
        return "deployment " + plan.namespace() + "/" + plan.deployment() + " runs revision " + revision + " ("
                + describeImages() + ") on all " + replicas() + " replicas; every check passed";
    }

    private String describeImages() {
        return String.join(", ", plan.images().stream().map(c -> c.container() + "=" + c.image()).toList());
    }

    private String state(int batch) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("holder", plan.holder());
        state.put("phase", phase);
        state.put("batch", batch + 1);
        state.put("batches", plan.batches().size());
        state.put("previousRevision", previous == null ? 0 : DeploymentRevisions.revision(previous));
        state.put("strategy", original.getSpec().getStrategy());
        return Serialization.asJson(state);
    }

    private void enter(String name, String message) {
        phase = name;
        journal.phase(name, message);
    }

    private ReplicaSet newReplicaSet() {
        Deployment current = deployments().get();
        return DeploymentRevisions.of(context.client(), current).newest()
                .orElseThrow(() -> new RolloutFailure("error", "the Deployment controller created no ReplicaSet"));
    }

    private io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> deployments() {
        return context.client().apps().deployments().inNamespace(plan.namespace()).withName(plan.deployment());
    }

    private int replicas() {
        return original.getSpec().getReplicas() == null ? 1 : original.getSpec().getReplicas();
    }

    private int progressDeadlineSeconds() {
        Integer own = plan.parameters().progressDeadlineSeconds() != null ? plan.parameters().progressDeadlineSeconds()
                : original.getSpec().getProgressDeadlineSeconds();
        return own == null ? 600 : own;
    }

    private static boolean observed(Deployment deployment, long generation) {
        return deployment.getStatus() != null && deployment.getStatus().getObservedGeneration() != null
                && deployment.getStatus().getObservedGeneration() >= generation;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static String describe(Throwable cause) {
        return RolloutFailure.describe(cause);
    }

    static String imageOf(ReplicaSet replicaSet, String container) {
        return replicaSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).map(Container::getImage).findFirst().orElse("?");
    }

    /** A reason not to start: nothing has been written. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }
}
