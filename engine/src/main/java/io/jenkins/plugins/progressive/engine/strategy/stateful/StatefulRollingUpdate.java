package io.jenkins.plugins.progressive.engine.strategy.stateful;

import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.annotate;
import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.intOf;
import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.observed;
import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.partition;
import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.ready;
import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.settled;
import static io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulSetView.updated;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.GatePreflight;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import io.jenkins.plugins.progressive.engine.cluster.ResourceWatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutConflictException;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import io.jenkins.plugins.progressive.engine.strategy.MetricGatePreflight;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import io.jenkins.plugins.progressive.engine.strategy.RolloutLifecycle;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.RolloutStop;
import io.jenkins.plugins.progressive.engine.strategy.StepVerification;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A rolling update of a StatefulSet in checked batches, moving its {@code partition} so the controller replaces pods
 * from the highest ordinal down, as it always does:
 * <pre>
 * preflight ─ lock ─ apply (new images, partition = replicas: nothing moves yet)
 *     ─ batch 1 … n (partition down, wait until the batch's pods are ready, health checks and gates) ─ done
 *            │ failure
 *            └── undo: old images, partition 0, and the pods the controller will not replace by itself deleted
 * </pre>
 * The undo handles what makes StatefulSets hard to roll back: the controller replaces a pod only while every pod is
 * ready, so a pod that never became ready on the bad version stalls even a reverted template ("forced rollback" in
 * the Kubernetes documentation). The undo deletes exactly those pods — not ready, and on a revision other than the
 * one being restored — and says so. Before the first write every problem is a refusal; the lock is released whatever
 * happens. The state on the StatefulSet ({@link StatefulState}) lets a restarted controller continue.
 */
public final class StatefulRollingUpdate {

    /**
     * What an undo gets beyond the progress deadline: its stuck pods are deleted and recreated one sweep at a time,
     * possibly through API errors, and giving up leaves the StatefulSet half on each revision, the one ending no
     * caller should get while waiting a little longer helps.
     */
    static final Duration UNDO_GRACE = Duration.ofSeconds(60);
    private static final Duration STUCK_POD_SWEEP = Duration.ofSeconds(1);
    private static final String REVISION_LABEL = "controller-revision-hash";

    private final StatefulPlan plan;
    private final RolloutContext context;
    private final RolloutJournal journal;
    private final RolloutStop stop;
    private final StuckPods stuckPods;
    private CompletableFuture<RolloutOutcome> outcome;
    private final RolloutLifecycle lifecycle;
    private volatile boolean written;
    private volatile int partition;
    private volatile boolean undoing;
    /** The update revision of the new template, as the controller named it. */
    private volatile String forwardRevision;
    private StatefulState state;
    private int replicas;
    private String previousVersion;

    private StatefulRollingUpdate(StatefulPlan plan, RolloutContext context) {
        this.lifecycle = new RolloutLifecycle(context, "stateful");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.context = lifecycle.context();
        this.stop = lifecycle.stop();
        this.journal = lifecycle.journal();
        this.stuckPods = new StuckPods(this.context.client(), plan.namespace(), plan.statefulSet());
    }

    /** Starts the rollout (or continues this holder's, found on the StatefulSet); nothing blocks the caller. */
    public static StatefulRollingUpdate start(StatefulPlan plan, RolloutContext context) {
        StatefulRollingUpdate update = new StatefulRollingUpdate(plan, context);
        Executor steps = context.scheduler();
        update.outcome = CompletableFuture.supplyAsync(update::run, steps).thenCompose(f -> f)
                .exceptionallyComposeAsync(update::failed, steps);
        return update;
    }

    /** Completes with the outcome, never exceptionally. */
    public CompletableFuture<RolloutOutcome> outcome() {
        return outcome;
    }

    /** Stops the rollout: the running wait ends, and the StatefulSet goes back to its previous images. */
    public void abort(String reason) {
        stop.abort(reason);
    }

    private CompletableFuture<RolloutOutcome> run() {
        String name = plan.namespace() + "/" + plan.statefulSet();
        journal.phase("preflight", "reading statefulset " + name);
        StatefulSet current = resource().get();
        StatefulPreflight preflight = StatefulPreflight.of(plan, current);
        if (preflight instanceof StatefulPreflight.Ends ends) {
            return done(ends.outcome().result(), ends.outcome().message(), ends.outcome().revision());
        }
        if (preflight instanceof StatefulPreflight.Starts starts) {
            // Only a new rollout: one found on the StatefulSet has written already, its gates were asked then.
            String unmeasured = MetricGatePreflight.refusal(context, gatesToAsk(starts));
            if (unmeasured != null) {
                return done(RolloutOutcome.Result.REFUSED, unmeasured, null);
            }
        }
        try {
            lifecycle.takeLease(plan.namespace(), "StatefulSet", plan.statefulSet(), plan.holder());
        } catch (RolloutConflictException e) {
            return done(RolloutOutcome.Result.REFUSED, e.getMessage(), null);
        }
        if (preflight instanceof StatefulPreflight.Resumes resumes) {
            state = resumes.state();
            replicas = resumes.replicas();
            written = true;
            previousVersion = ImageChange.tagOf(state.previousImages().getOrDefault(plan.images().get(0).container(),
                    ""));
            journal.phase("resume", "continuing this build's update of " + name + " at batch " + (state.batch() + 1)
                    + " of " + plan.batches().size());
            return batch(state.batch());
        }
        StatefulPreflight.Starts starts = (StatefulPreflight.Starts) preflight;
        replicas = starts.replicas();
        state = new StatefulState(plan.holder(), starts.images(), 0);
        previousVersion = ImageChange.tagOf(starts.images().get(plan.images().get(0).container()));
        // Read again: taking the lease stamped this holder's term on the StatefulSet (a new resourceVersion, which the
        // guarded write below needs), and only now is no other rollout able to change it.
        StatefulSet leased = resource().get();
        apply(leased, leased.getSpec().getTemplate().getSpec().getContainers());
        return batch(0);
    }

    /** The gates of the first batch, as {@link #verify} will render them, for the preflight. */
    private List<GatePreflight.Gates> gatesToAsk(StatefulPreflight.Starts starts) {
        if (plan.analysis() == null) {
            return List.of();
        }
        int total = starts.replicas();
        int first = total - plan.batches().target(0, total);
        AnalysisTarget target = AnalysisTarget.of(plan.namespace(), plan.analysisService(), plan.version(),
                pods(first, total));
        String before = ImageChange.tagOf(starts.images().getOrDefault(plan.images().get(0).container(), ""));
        if (first > 0 && !before.isEmpty()) {
            target = target.withBaseline(before, pods(0, first));
        }
        return List.of(GatePreflight.Gates.at("analysis", plan.analysis(), target));
    }

    /** New images and partition = replicas in one write, guarded by the resourceVersion just read. */
    private void apply(StatefulSet current, List<Container> containers) {
        journal.phase("apply", "setting " + StatefulPreflight.describe(plan.images()) + " with partition " + replicas
                + " (no pod changes yet)");
        JsonPatch patch = new JsonPatch().set("/metadata/resourceVersion", current.getMetadata().getResourceVersion());
        for (ImageChange change : plan.images()) {
            int index = IntStream.range(0, containers.size())
                    .filter(i -> containers.get(i).getName().equals(change.container())).findFirst().orElseThrow();
            patch.replace("/spec/template/spec/containers/" + index + "/image", change.image());
        }
        partition(patch, current, replicas);
        annotate(patch, current, state);
        try {
            resource().patch(patch.context(), patch.toJson());
        } catch (RuntimeException e) {
            // The answer may have been lost after the write landed (a repeat then meets its own change as a 409):
            // what the StatefulSet holds now decides.
            if (!landed(resource().get())) {
                throw e;
            }
        }
        written = true;
        partition = replicas;
    }

    /** Whether the StatefulSet carries this update's images with every pod still held back by the partition. */
    private boolean landed(StatefulSet now) {
        if (now == null) {
            return false;
        }
        List<Container> containers = now.getSpec().getTemplate().getSpec().getContainers();
        boolean images = plan.images().stream().allMatch(change -> containers.stream()
                .anyMatch(c -> c.getName().equals(change.container()) && change.image().equals(c.getImage())));
        var strategy = now.getSpec().getUpdateStrategy();
        Integer held = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getPartition();
        return images && held != null && held == replicas;
    }

    private CompletableFuture<RolloutOutcome> batch(int index) {
        Executor steps = context.scheduler();
        if (index == plan.batches().size()) {
            return finish();
        }
        int count = plan.batches().target(index, replicas);
        int newPartition = replicas - count;
        String step = "batch " + (index + 1) + " of " + plan.batches().size();
        journal.phase(step, count + " of " + replicas + " pods on " + plan.version() + " (ordinals " + newPartition
                + ".." + (replicas - 1) + ")");
        state = state.at(index);
        StatefulSet current = resource().get();
        JsonPatch patch = new JsonPatch();
        partition(patch, current, newPartition);
        annotate(patch, current, state);
        // A resumed batch whose write had landed finds it there: nothing is written again.
        JsonPatch effective = patch.against(current);
        if (!effective.isEmpty()) {
            resource().patch(effective.context(), effective.toJson());
        }
        partition = newPartition;
        CompletableFuture<StatefulSet> ready = ResourceWatch.until(resource(), "the pods of " + step + " to be ready",
                s -> observed(s) && updated(s) >= count && ready(s) == replicas, this::report,
                plan.progressDeadline(), context.scheduler());
        return stop.unlessStopped(ready)
                .exceptionallyComposeAsync(error -> CompletableFuture.failedFuture(notReady(step, error)), steps)
                .thenComposeAsync(s -> stop.unlessStopped(verify(step, newPartition)), steps)
                .thenComposeAsync(ignored -> batch(index + 1), steps);
    }

    private CompletableFuture<Void> verify(String step, int newPartition) {
        AnalysisTarget target = AnalysisTarget.of(plan.namespace(), plan.analysisService(), plan.version(),
                pods(newPartition, replicas));
        AnalysisPlan gates = plan.analysis();
        if (newPartition > 0 && previousVersion != null && !previousVersion.isEmpty()) {
            target = target.withBaseline(previousVersion, pods(0, newPartition));
        } else {
            // Every pod runs the new version: nothing is left to compare with.
            gates = StepVerification.withoutComparisons(gates);
        }
        return StepVerification.verify(context, plan.namespace(), step, plan.healthChecks(), gates, target);
    }

    private CompletableFuture<RolloutOutcome> finish() {
        CompletableFuture<StatefulSet> settled = ResourceWatch.until(resource(), "the update revision to become current",
                s -> settled(s) && ready(s) == replicas, this::report, plan.progressDeadline(), context.scheduler());
        return stop.unlessStopped(settled).thenApplyAsync(s -> {
            forgetState();
            String revision = s.getStatus().getUpdateRevision();
            return conclude(RolloutOutcome.Result.SUCCEEDED, "statefulset " + plan.namespace() + "/"
                    + plan.statefulSet() + " runs " + StatefulPreflight.describe(plan.images()) + " on all " + replicas + " pods (revision "
                    + revision + "); every batch passed", revision);
        }, context.scheduler());
    }

    private CompletableFuture<RolloutOutcome> failed(Throwable error) {
        if (lifecycle.leaseLost()) {
            // Another rollout may own the StatefulSet now: an undo or a pause record would write on top of its work.
            return done(written ? RolloutOutcome.Result.FAILED : RolloutOutcome.Result.REFUSED,
                    lifecycle.lostMessage("statefulset " + plan.namespace() + "/" + plan.statefulSet()), null);
        }
        Throwable cause = RolloutFailure.cause(error);
        String reason = cause instanceof RolloutFailure failure ? failure.getMessage() : RolloutFailure.describe(cause);
        if (!written) {
            return done(RolloutOutcome.Result.FAILED, reason + "; nothing was changed", null);
        }
        if (!plan.autoRollback()) {
            // The rollout is over for the engine; the differing revisions keep any other rollout out until a person
            // finishes or undoes the update.
            forgetState();
            return done(RolloutOutcome.Result.PAUSED, reason + "; stopped with partition " + partition + ": "
                    + whereThePodsStand() + " (automatic rollback is off: finish or undo the update by hand)", null);
        }
        journal.phase("rolling back", reason + "; restoring " + describeImages(state.previousImages()));
        try {
            undo();
        } catch (RuntimeException e) {
            return done(RolloutOutcome.Result.FAILED, reason + "; the undo could not be written: "
                    + RolloutFailure.describe(e), null);
        }
        ScheduledFuture<?> sweep = context.scheduler().scheduleWithFixedDelay(this::sweepStuckPods,
                STUCK_POD_SWEEP.toMillis(), STUCK_POD_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<StatefulSet> restored = ResourceWatch.until(resource(), "the previous template to be back on "
                + "every pod", s -> settled(s) && updated(s) == replicas && ready(s) == replicas, this::report,
                plan.progressDeadline().plus(UNDO_GRACE), context.scheduler());
        return restored.handleAsync((s, undoError) -> {
            sweep.cancel(false);
            String deleted = stuckPods.deleted().isEmpty() ? "" : "; deleted " + String.join(", ",
                    stuckPods.deleted()) + " (not ready on the failed version, which the StatefulSet "
                    + "controller does not replace by itself)";
            if (undoError != null) {
                return conclude(RolloutOutcome.Result.FAILED, reason + "; the undo did not finish: "
                        + RolloutFailure.describe(RolloutFailure.cause(undoError)) + deleted, null);
            }
            forgetState();
            return conclude(RolloutOutcome.Result.ROLLED_BACK, reason + "; statefulset back on "
                    + describeImages(state.previousImages()) + ", " + replicas + " of " + replicas + " pods ready"
                    + deleted, s.getStatus().getUpdateRevision());
        }, context.scheduler());
    }

    /** Previous images back and partition 0: the controller brings every pod back to the previous revision. */
    private void undo() {
        undoing = true;
        StatefulSet current = resource().get();
        List<Container> containers = current.getSpec().getTemplate().getSpec().getContainers();
        JsonPatch patch = new JsonPatch();
        for (int i = 0; i < containers.size(); i++) {
            String previous = state.previousImages().get(containers.get(i).getName());
            if (previous != null && !previous.equals(containers.get(i).getImage())) {
                patch.replace("/spec/template/spec/containers/" + i + "/image", previous);
            }
        }
        partition(patch, current, 0);
        JsonPatch effective = patch.against(current);
        if (!effective.isEmpty()) {
            resource().patch(effective.context(), effective.toJson());
        }
        partition = 0;
    }

    private void sweepStuckPods() {
        try {
            stuckPods.sweep(resource().get(), message -> journal.decision(message, true));
        } catch (RuntimeException e) {
            // An API hiccup: the next sweep tries again.
        }
    }

    /** Which pods run the new image now, as the cluster says (a stalled batch updates fewer than it asked for). */
    private String whereThePodsStand() {
        try {
            String container = plan.images().get(0).container();
            String image = plan.images().get(0).image();
            List<String> updated = new ArrayList<>();
            for (Pod pod : stuckPods.pods(resource().get())) {
                boolean onNew = pod.getSpec().getContainers().stream()
                        .anyMatch(c -> c.getName().equals(container) && image.equals(c.getImage()));
                if (onNew) {
                    String name = pod.getMetadata().getName();
                    updated.add(StuckPods.isReady(pod) ? name : name + " (not ready)");
                }
            }
            updated.sort(null);
            return (updated.isEmpty() ? "no pod" : String.join(", ", updated)) + " on " + plan.version()
                    + ", the others on " + previousVersion;
        } catch (RuntimeException e) {
            return "pods from ordinal " + partition + " up may run " + plan.version();
        }
    }

    /** A batch that did not get ready names its pods that are not ready. */
    private Throwable notReady(String step, Throwable error) {
        Throwable cause = RolloutFailure.cause(error);
        if (!(cause instanceof TimeoutException)) {
            return cause;
        }
        String stuck;
        try {
            stuck = String.join(", ", stuckPods.notReady(resource().get()));
        } catch (RuntimeException e) {
            stuck = "";
        }
        return new RolloutFailure("progress", step + ": " + (stuck.isEmpty() ? "the pods were" : "pod(s) " + stuck
                + " were") + " not ready within " + plan.progressDeadline().toSeconds() + " s");
    }

    private void report(StatefulSet s) {
        StatefulSetStatus status = s.getStatus();
        if (status == null) {
            return;
        }
        int updated = intOf(status.getUpdatedReplicas());
        int ready = intOf(status.getReadyReplicas());
        int total = intOf(status.getReplicas());
        // The update revision holds the new version until the controller has seen the undo; then the previous one.
        if (!undoing && observed(s) && status.getUpdateRevision() != null) {
            forwardRevision = status.getUpdateRevision();
        }
        boolean back = forwardRevision != null && !forwardRevision.equals(status.getUpdateRevision());
        String updateVersion = back ? previousVersion : plan.version();
        String otherVersion = back ? plan.version() : previousVersion;
        VersionReplicas replicasOfSet = new VersionReplicas("statefulset", plan.statefulSet(), updateVersion,
                otherVersion, replicas, updated, ready, intOf(status.getAvailableReplicas()), total);
        context.listener().onEvent(new RolloutEvent.Replicas(context.clock().instant(), List.of(replicasOfSet),
                "replicas: " + plan.statefulSet() + " " + updated + " of " + replicas + " on " + updateVersion + ", "
                        + ready + " ready"));
    }

    private void forgetState() {
        try {
            StatefulSet current = resource().get();
            Map<String, String> annotations = current.getMetadata().getAnnotations();
            if (annotations != null && annotations.containsKey(StatefulState.ANNOTATION)) {
                JsonPatch patch = new JsonPatch().remove("/metadata/annotations/"
                        + JsonPatch.escape(StatefulState.ANNOTATION));
                resource().patch(patch.context(), patch.toJson());
            }
        } catch (RuntimeException e) {
            // The state names this build; the next rollout of the same build continues, any other is refused.
            journal.decision("could not remove the rollout state from the StatefulSet: " + RolloutFailure.describe(e),
                    false);
        }
    }

    /** {@code web-(2|3)}: the pods with ordinals from..to-1, as a PromQL regular expression. */
    private String pods(int from, int to) {
        String ordinals = IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.joining("|"));
        return plan.statefulSet() + "-(" + ordinals + ")";
    }

    private Resource<StatefulSet> resource() {
        return context.client().apps().statefulSets().inNamespace(plan.namespace()).withName(plan.statefulSet());
    }

    private static String describeImages(Map<String, String> images) {
        List<String> parts = new ArrayList<>();
        images.forEach((container, image) -> parts.add(container + "=" + image));
        return String.join(", ", parts);
    }

    private CompletableFuture<RolloutOutcome> done(RolloutOutcome.Result result, String message, String revision) {
        return CompletableFuture.completedFuture(conclude(result, message, revision));
    }

    private RolloutOutcome conclude(RolloutOutcome.Result result, String message, String revision) {
        return lifecycle.finish(RolloutOutcome.stateful(result, message, revision));
    }
}
