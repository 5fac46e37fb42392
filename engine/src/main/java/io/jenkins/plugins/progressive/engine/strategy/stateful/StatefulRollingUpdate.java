package io.jenkins.plugins.progressive.engine.strategy.stateful;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import io.jenkins.plugins.progressive.engine.cluster.ResourceWatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutConflictException;
import io.jenkins.plugins.progressive.engine.cluster.WorkloadLease;
import io.jenkins.plugins.progressive.engine.progress.RolloutEvent;
import io.jenkins.plugins.progressive.engine.progress.VersionReplicas;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import io.jenkins.plugins.progressive.engine.strategy.StepVerification;
import io.jenkins.plugins.progressive.engine.strategy.rolling.ImageChange;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RolloutGates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
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

    private static final Duration LOCK_TTL = Duration.ofSeconds(60);
    private static final Duration STUCK_POD_SWEEP = Duration.ofSeconds(1);
    private static final String REVISION_LABEL = "controller-revision-hash";

    private final StatefulPlan plan;
    private final RolloutContext context;
    private final RolloutJournal journal;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final Set<String> deletedStuckPods = ConcurrentHashMap.newKeySet();
    private CompletableFuture<StatefulOutcome> outcome;
    private WorkloadLease lease;
    private volatile boolean written;
    private volatile int partition;
    private StatefulState state;
    private int replicas;
    private String previousVersion;

    private StatefulRollingUpdate(StatefulPlan plan, RolloutContext context) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.context = Objects.requireNonNull(context, "context");
        this.journal = new RolloutJournal(context, "stateful");
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
    public CompletableFuture<StatefulOutcome> outcome() {
        return outcome;
    }

    /** Stops the rollout: the running wait ends, and the StatefulSet goes back to its previous images. */
    public void abort(String reason) {
        stop.completeExceptionally(new RolloutFailure("aborted", "aborted: " + (reason == null ? "by request" : reason)));
    }

    private CompletableFuture<StatefulOutcome> run() {
        String name = plan.namespace() + "/" + plan.statefulSet();
        journal.phase("preflight", "reading statefulset " + name);
        StatefulSet current = resource().get();
        if (current == null) {
            return done(StatefulOutcome.Result.REFUSED, "statefulset " + name + " not found; nothing was changed", null);
        }
        if (current.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(current.getSpec().getUpdateStrategy().getType())) {
            return done(StatefulOutcome.Result.REFUSED, "statefulset " + name + " uses the OnDelete update strategy, "
                    + "which replaces pods only when someone deletes them; set updateStrategy.type: RollingUpdate. "
                    + "Nothing was changed", null);
        }
        replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        List<Container> containers = current.getSpec().getTemplate().getSpec().getContainers();
        Map<String, String> images = new LinkedHashMap<>();
        containers.forEach(c -> images.put(c.getName(), c.getImage()));
        for (ImageChange change : plan.images()) {
            if (!images.containsKey(change.container())) {
                return done(StatefulOutcome.Result.REFUSED, "images: container '" + change.container() + "' is not in "
                        + "statefulset " + name + " (containers: " + String.join(", ", images.keySet())
                        + "); nothing was changed", null);
            }
        }
        StatefulState found = StatefulState.read(current);
        boolean ours = found != null && found.holder().equals(plan.holder()) && wanted(images);
        StatefulSetStatus status = current.getStatus();
        boolean updating = status != null && status.getUpdateRevision() != null
                && !status.getUpdateRevision().equals(status.getCurrentRevision());
        if (!ours && (updating || found != null)) {
            return done(StatefulOutcome.Result.REFUSED, "statefulset " + name + " is in the middle of another update"
                    + (found != null ? " (started by " + found.holder() + ")" : " (revision "
                    + status.getCurrentRevision() + " → " + status.getUpdateRevision() + ")")
                    + "; let it finish or undo it first. Nothing was changed", null);
        }
        if (!ours && wanted(images)) {
            return done(StatefulOutcome.Result.SUCCEEDED, "statefulset " + name + " already runs "
                    + describe(plan.images()) + "; nothing to do", status == null ? null : status.getUpdateRevision());
        }
        try {
            lease = WorkloadLease.acquire(context.client(), plan.namespace(), "StatefulSet", plan.statefulSet(),
                    plan.holder(), LOCK_TTL, context.scheduler());
        } catch (RolloutConflictException e) {
            return done(StatefulOutcome.Result.REFUSED, e.getMessage(), null);
        }
        if (ours) {
            state = found;
            written = true;
            previousVersion = ImageChange.tagOf(found.previousImages().getOrDefault(plan.images().get(0).container(),
                    ""));
            journal.phase("resume", "continuing this build's update of " + name + " at batch " + (found.batch() + 1)
                    + " of " + plan.batches().size());
            return batch(found.batch());
        }
        state = new StatefulState(plan.holder(), images, 0);
        previousVersion = ImageChange.tagOf(images.get(plan.images().get(0).container()));
        apply(current, containers);
        return batch(0);
    }

    /** New images and partition = replicas in one write, guarded by the resourceVersion just read. */
    private void apply(StatefulSet current, List<Container> containers) {
        journal.phase("apply", "setting " + describe(plan.images()) + " with partition " + replicas
                + " (no pod changes yet)");
        JsonPatch patch = new JsonPatch().set("/metadata/resourceVersion", current.getMetadata().getResourceVersion());
        for (ImageChange change : plan.images()) {
            int index = IntStream.range(0, containers.size())
                    .filter(i -> containers.get(i).getName().equals(change.container())).findFirst().orElseThrow();
            patch.replace("/spec/template/spec/containers/" + index + "/image", change.image());
        }
        partition(patch, current, replicas);
        annotate(patch, current, state);
        resource().patch(patch.context(), patch.toJson());
        written = true;
        partition = replicas;
    }

    private CompletableFuture<StatefulOutcome> batch(int index) {
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
        resource().patch(patch.context(), patch.toJson());
        partition = newPartition;
        CompletableFuture<StatefulSet> ready = ResourceWatch.until(resource(), "the pods of " + step + " to be ready",
                s -> observed(s) && updated(s) >= count && ready(s) == replicas, this::report,
                plan.progressDeadline(), context.scheduler());
        return RolloutJournal.unlessStopped(ready, stop)
                .exceptionallyComposeAsync(error -> CompletableFuture.failedFuture(notReady(step, error)), steps)
                .thenComposeAsync(s -> RolloutJournal.unlessStopped(verify(step, newPartition), stop), steps)
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
            gates = RolloutGates.withoutComparisons(gates);
        }
        return StepVerification.verify(context, plan.namespace(), step, plan.healthChecks(), gates, target);
    }

    private CompletableFuture<StatefulOutcome> finish() {
        CompletableFuture<StatefulSet> settled = ResourceWatch.until(resource(), "the update revision to become current",
                s -> observed(s) && s.getStatus().getUpdateRevision() != null
                        && s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision())
                        && ready(s) == replicas, this::report, plan.progressDeadline(), context.scheduler());
        return RolloutJournal.unlessStopped(settled, stop).thenApplyAsync(s -> {
            forgetState();
            String revision = s.getStatus().getUpdateRevision();
            return conclude(StatefulOutcome.Result.SUCCEEDED, "statefulset " + plan.namespace() + "/"
                    + plan.statefulSet() + " runs " + describe(plan.images()) + " on all " + replicas + " pods (revision "
                    + revision + "); every batch passed", revision);
        }, context.scheduler());
    }

    private CompletableFuture<StatefulOutcome> failed(Throwable error) {
        Throwable cause = RolloutFailure.cause(error);
        String reason = cause instanceof RolloutFailure failure ? failure.getMessage() : RolloutFailure.describe(cause);
        if (!written) {
            return done(StatefulOutcome.Result.FAILED, reason + "; nothing was changed", null);
        }
        if (!plan.autoRollback()) {
            return done(StatefulOutcome.Result.PAUSED, reason + "; stopped with partition " + partition + ": pods "
                    + plan.statefulSet() + "-" + partition + ".." + (replicas - 1) + " run " + plan.version()
                    + ", the others " + previousVersion + " (automatic rollback is off)", null);
        }
        journal.phase("rolling back", reason + "; restoring " + describeImages(state.previousImages()));
        try {
            undo();
        } catch (RuntimeException e) {
            return done(StatefulOutcome.Result.FAILED, reason + "; the undo could not be written: "
                    + RolloutFailure.describe(e), null);
        }
        ScheduledFuture<?> sweep = context.scheduler().scheduleWithFixedDelay(this::deleteStuckPods,
                STUCK_POD_SWEEP.toMillis(), STUCK_POD_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<StatefulSet> restored = ResourceWatch.until(resource(), "the previous template to be back on "
                + "every pod", s -> observed(s) && s.getStatus().getUpdateRevision() != null
                        && s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision())
                        && updated(s) == replicas && ready(s) == replicas, this::report, plan.progressDeadline(),
                context.scheduler());
        return restored.handleAsync((s, undoError) -> {
            sweep.cancel(false);
            String deleted = deletedStuckPods.isEmpty() ? "" : "; deleted " + String.join(", ",
                    new TreeSet<>(deletedStuckPods)) + " (not ready on the failed version, which the StatefulSet "
                    + "controller does not replace by itself)";
            if (undoError != null) {
                return conclude(StatefulOutcome.Result.FAILED, reason + "; the undo did not finish: "
                        + RolloutFailure.describe(RolloutFailure.cause(undoError)) + deleted, null);
            }
            forgetState();
            return conclude(StatefulOutcome.Result.ROLLED_BACK, reason + "; statefulset back on "
                    + describeImages(state.previousImages()) + ", " + replicas + " of " + replicas + " pods ready"
                    + deleted, s.getStatus().getUpdateRevision());
        }, context.scheduler());
    }

    /** Previous images back and partition 0: the controller brings every pod back to the previous revision. */
    private void undo() {
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
        resource().patch(patch.context(), patch.toJson());
        partition = 0;
    }

    /**
     * Deletes the pods that stall the undo: not ready, and on a revision other than the one being restored. The
     * controller re-creates them on the restored revision. Runs on the scheduler (API calls never on watch threads).
     */
    private void deleteStuckPods() {
        try {
            StatefulSet current = resource().get();
            if (current == null || !observed(current) || current.getStatus().getUpdateRevision() == null) {
                return;
            }
            String restoring = current.getStatus().getUpdateRevision();
            for (Pod pod : pods(current)) {
                String revision = pod.getMetadata().getLabels() == null ? null
                        : pod.getMetadata().getLabels().get(REVISION_LABEL);
                String podName = pod.getMetadata().getName();
                if (revision != null && !revision.equals(restoring) && !isReady(pod)
                        && pod.getMetadata().getDeletionTimestamp() == null && deletedStuckPods.add(podName)) {
                    context.client().pods().inNamespace(plan.namespace()).withName(podName).delete();
                    journal.decision("deleted pod " + podName + ": not ready on the failed revision " + revision
                            + ", so the StatefulSet controller would wait for it forever", true);
                }
            }
        } catch (RuntimeException e) {
            // An API hiccup: the next sweep tries again.
        }
    }

    private List<Pod> pods(StatefulSet statefulSet) {
        Map<String, String> selector = statefulSet.getSpec().getSelector().getMatchLabels();
        Pattern own = Pattern.compile(Pattern.quote(plan.statefulSet()) + "-\\d+");
        return context.client().pods().inNamespace(plan.namespace()).withLabels(selector).list().getItems().stream()
                .filter(p -> own.matcher(p.getMetadata().getName()).matches()).toList();
    }

    private static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    /** A batch that did not get ready names its pods that are not ready. */
    private Throwable notReady(String step, Throwable error) {
        Throwable cause = RolloutFailure.cause(error);
        if (!(cause instanceof TimeoutException)) {
            return cause;
        }
        String stuck;
        try {
            stuck = pods(resource().get()).stream().filter(p -> !isReady(p)).map(p -> p.getMetadata().getName())
                    .sorted().collect(Collectors.joining(", "));
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
        VersionReplicas replicasOfSet = new VersionReplicas("statefulset", plan.statefulSet(), plan.version(),
                previousVersion, replicas, updated, ready, intOf(status.getAvailableReplicas()), total);
        context.listener().onEvent(new RolloutEvent.Replicas(context.clock().instant(), List.of(replicasOfSet),
                "replicas: " + plan.statefulSet() + " " + updated + " of " + replicas + " on " + plan.version() + ", "
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

    private static void partition(JsonPatch patch, StatefulSet current, int value) {
        if (current.getSpec().getUpdateStrategy() == null) {
            patch.set("/spec/updateStrategy", Map.of("type", "RollingUpdate", "rollingUpdate",
                    Map.of("partition", value)));
        } else if (current.getSpec().getUpdateStrategy().getRollingUpdate() == null) {
            patch.set("/spec/updateStrategy/rollingUpdate", Map.of("partition", value));
        } else {
            patch.set("/spec/updateStrategy/rollingUpdate/partition", value);
        }
    }

    private static void annotate(JsonPatch patch, StatefulSet current, StatefulState state) {
        if (current.getMetadata().getAnnotations() == null) {
            patch.set("/metadata/annotations", Map.of(StatefulState.ANNOTATION, state.json()));
        } else {
            patch.set("/metadata/annotations/" + JsonPatch.escape(StatefulState.ANNOTATION), state.json());
        }
    }

    private boolean wanted(Map<String, String> images) {
        return plan.images().stream().allMatch(c -> c.image().equals(images.get(c.container())));
    }

    private static boolean observed(StatefulSet s) {
        return s.getStatus() != null && s.getStatus().getObservedGeneration() != null
                && s.getMetadata().getGeneration() != null
                && s.getStatus().getObservedGeneration() >= s.getMetadata().getGeneration();
    }

    private static int updated(StatefulSet s) {
        return intOf(s.getStatus().getUpdatedReplicas());
    }

    private static int ready(StatefulSet s) {
        return intOf(s.getStatus().getReadyReplicas());
    }

    private static int intOf(Integer value) {
        return value == null ? 0 : value;
    }

    /** {@code web-(2|3)}: the pods with ordinals from..to-1, as a PromQL regular expression. */
    private String pods(int from, int to) {
        String ordinals = IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.joining("|"));
        return plan.statefulSet() + "-(" + ordinals + ")";
    }

    private Resource<StatefulSet> resource() {
        return context.client().apps().statefulSets().inNamespace(plan.namespace()).withName(plan.statefulSet());
    }

    private static String describe(List<ImageChange> images) {
        return images.stream().map(i -> i.container() + "=" + i.image()).collect(Collectors.joining(", "));
    }

    private static String describeImages(Map<String, String> images) {
        List<String> parts = new ArrayList<>();
        images.forEach((container, image) -> parts.add(container + "=" + image));
        return String.join(", ", parts);
    }

    private CompletableFuture<StatefulOutcome> done(StatefulOutcome.Result result, String message, String revision) {
        return CompletableFuture.completedFuture(conclude(result, message, revision));
    }

    private StatefulOutcome conclude(StatefulOutcome.Result result, String message, String revision) {
        journal.finished(result, message, lease);
        return new StatefulOutcome(result, message, revision);
    }
}
