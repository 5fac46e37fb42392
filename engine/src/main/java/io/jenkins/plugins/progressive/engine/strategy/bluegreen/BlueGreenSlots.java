package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import io.jenkins.plugins.progressive.engine.cluster.ResourceWatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.ReplicaWatch;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.TemplatePatches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The writes and waits on the two slot Deployments and the preview Service. */
final class BlueGreenSlots {

    private final RolloutContext context;
    private final BlueGreenPlan plan;
    private final ReplicaWatch replicaWatch;

    BlueGreenSlots(RolloutContext context, BlueGreenPlan plan) {
        this.context = context;
        this.plan = plan;
        this.replicaWatch = new ReplicaWatch(context, plan.namespace(), plan.images().get(0).container())
                .follow(Slot.BLUE.label(), plan.deployment(Slot.BLUE)).follow(Slot.GREEN.label(), plan.deployment(Slot.GREEN));
    }

    /** The release ended: the slots' last replica counts are reported and the watches closed. */
    void stopWatchingReplicas() {
        replicaWatch.stop();
    }

    /**
     * First release of a plain Deployment: {@code <app>-blue} takes its place behind the Services. An adoption cut off
     * is finished the same way: the blue slot it created is used as it is, Services already on it are left alone.
     */
    CompletableFuture<Void> adopt(BlueGreenTopology topology) {
        context.listener().onEvent(new RolloutEvent.PhaseChanged(context.clock().instant(), "adopt",
                "creating " + plan.deployment(Slot.BLUE) + " from deployment " + plan.app() + " and routing to it"));
        Deployment blue = topology.adoptBlue();
        replicaWatch.start();
        return available(Slot.BLUE, blue.getMetadata().getGeneration()).thenAccept(ignored -> {
            ServiceSwitch.to(context.client(), plan.namespace(), plan.activeServices(), Slot.BLUE);
            context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), "deployment " + plan.app()
                    + " no longer receives traffic from " + String.join(", ", plan.activeServices())
                    + "; it is not ours to remove: scale it down when you are satisfied"));
        });
    }

    /**
     * Puts the new images on the idle slot at full size, points the preview at it, and waits until it is available.
     * The record comes first (or with the slot, when the slot is created with the new template); each write is left
     * out when its effect is already there, so a deploy cut off goes on from where it was.
     */
    CompletableFuture<Void> deploy(BlueGreenTopology.State state, Slot target) {
        // Before the new images go on: the watch learns the slot's old version, so pods still on it are named right.
        replicaWatch.start();
        BlueGreenState record = new BlueGreenState(plan.holder(), BlueGreenState.DEPLOYING, state.live(), target);
        int replicas = plan.previewReplicas() != null ? plan.previewReplicas()
                : state.liveDeployment().getSpec().getReplicas() == null ? 1 : state.liveDeployment().getSpec().getReplicas();
        context.listener().onEvent(new RolloutEvent.PhaseChanged(context.clock().instant(), "deploy", "deploying "
                + plan.images().stream().map(i -> i.container() + "=" + i.image()).collect(Collectors.joining(", "))
                + " to " + target.label() + " (" + replicas + " replicas)"));
        Deployment current = deployment(target).get();
        long generation;
        if (current == null) {
            Deployment slot = BlueGreenTopology.slotDeployment(plan, state.liveDeployment(), target);
            slot.getSpec().setReplicas(replicas);
            slot.getMetadata().setAnnotations(Map.of(BlueGreenState.ANNOTATION, record.toJson()));
            slot.getSpec().getTemplate().getSpec().getContainers().forEach(c -> plan.images().stream()
                    .filter(i -> i.container().equals(c.getName())).findFirst().ifPresent(i -> c.setImage(i.image())));
            generation = context.client().apps().deployments().inNamespace(plan.namespace()).resource(slot).create()
                    .getMetadata().getGeneration();
        } else {
            annotate(target, record);
            generation = current.getMetadata().getGeneration();
            if (!deployed(current, replicas)) {
                JsonPatch patch = new JsonPatch().set("/spec/replicas", replicas).set("/spec/paused", false);
                TemplatePatches.images(patch, current, plan.images());
                generation = deployment(target).patch(patch.context(), patch.toJson()).getMetadata().getGeneration();
            }
        }
        Service preview = context.client().services().inNamespace(plan.namespace()).withName(plan.previewService()).get();
        if (preview == null || !target.label().equals(BlueGreenTopology.selector(preview).get(BlueGreenTopology.SLOT))) {
            context.client().services().inNamespace(plan.namespace()).withName(plan.previewService()).patch(
                    PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", Map.of("selector",
                            Map.of(BlueGreenTopology.SLOT, target.label())))));
        }
        return available(target, generation);
    }

    /** Waits until the slot, as it is now, is available: a resumed switch does not send traffic to pods not ready. */
    CompletableFuture<Void> available(Slot slot) {
        Deployment now = deployment(slot).get();
        if (now == null) {
            throw new RolloutFailure("error", "deployment " + plan.namespace() + "/" + plan.deployment(slot)
                    + " vanished before the switch to it");
        }
        return available(slot, now.getMetadata().getGeneration());
    }

    /** Whether a slot already runs the plan's images at that size, not paused: a resumed deploy writes nothing. */
    private boolean deployed(Deployment slot, int replicas) {
        Map<String, String> images = slot.getSpec().getTemplate().getSpec().getContainers().stream()
                .collect(Collectors.toMap(Container::getName, c -> String.valueOf(c.getImage()), (a, b) -> a));
        return Integer.valueOf(replicas).equals(slot.getSpec().getReplicas()) && !Boolean.TRUE.equals(slot.getSpec().getPaused())
                && plan.images().stream().allMatch(i -> i.image().equals(images.get(i.container())));
    }

    private CompletableFuture<Void> available(Slot slot, long generation) {
        return ResourceWatch.until(deployment(slot), "deployment " + plan.deployment(slot) + " available",
                d -> d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                        && d.getStatus().getObservedGeneration() >= generation && DeploymentRolloutStatus.of(d).isDone(),
                d -> { }, plan.progressDeadline(), context.scheduler())
                .handle((d, error) -> {
                    if (error != null) {
                        throw new RolloutFailure("deadline", plan.deployment(slot) + " did not become available within "
                                + plan.progressDeadline().toSeconds() + " s (" + RolloutFailure.describe(error) + ")");
                    }
                    RolloutStatus status = DeploymentRolloutStatus.of(d);
                    if (status.phase() == RolloutPhase.FAILED) {
                        throw new RolloutFailure("deadline", plan.deployment(slot) + ": " + status.message() + " ("
                                + status.available() + " of " + status.desired() + " available)");
                    }
                    context.listener().onEvent(new RolloutEvent.Progress(context.clock().instant(), status, 1, 1,
                            status.desired(), plan.deployment(slot) + ": " + status.available() + " of " + status.desired()
                                    + " available"));
                    return null;
                });
    }

    /** Scales a slot, unless it is already that size or does not exist (nothing to scale). */
    void scale(Slot slot, int replicas) {
        Deployment now = deployment(slot).get();
        if (now == null || Integer.valueOf(replicas).equals(now.getSpec().getReplicas())) {
            return;
        }
        JsonPatch patch = new JsonPatch().set("/spec/replicas", replicas);
        deployment(slot).patch(patch.context(), patch.toJson());
        context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(), plan.deployment(slot)
                + " scaled to " + replicas, true));
    }

    /** Whether a slot has no replicas (or no Deployment): a scale-down to 0 has nothing left to do. */
    boolean scaledDown(Slot slot) {
        Deployment now = deployment(slot).get();
        return now == null || Integer.valueOf(0).equals(now.getSpec().getReplicas());
    }

    boolean exists(Slot slot) {
        return deployment(slot).get() != null;
    }

    /** Records the release's state on its target slot, unless that slot carries it already. */
    void annotate(Slot slot, BlueGreenState state) {
        if (state.equals(BlueGreenState.read(deployment(slot).get(), state.holder()))) {
            return;
        }
        deployment(slot).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata",
                Map.of("annotations", Map.of(BlueGreenState.ANNOTATION, state.toJson())))));
    }

    String images(Slot slot) {
        Deployment deployment = deployment(slot).get();
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage)
                .collect(Collectors.joining(", "));
    }

    /** The plan's HTTP checks, sent through the preview Service. */
    List<HttpHealthCheck> previewChecks() {
        return plan.healthChecks().stream().map(c -> new HttpHealthCheck(plan.previewService(), c.port(), c.path(),
                c.expectedStatus(), c.bodyContains(), c.timeout())).toList();
    }

    /** The gates' view of a slot: its version (the first container's image tag) and pods; optionally against another. */
    AnalysisTarget target(Slot slot, Slot baseline) {
        AnalysisTarget target = AnalysisTarget.of(plan.namespace(), plan.app(), version(slot), plan.deployment(slot) + "-.*");
        return baseline == null ? target : target.withBaseline(version(baseline), plan.deployment(baseline) + "-.*");
    }

    private String version(Slot slot) {
        String container = plan.images().get(0).container();
        return deployment(slot).get().getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).map(c -> ImageChange.tagOf(c.getImage())).findFirst().orElse("unknown");
    }

    private RollableScalableResource<Deployment> deployment(Slot slot) {
        return context.client().apps().deployments().inNamespace(plan.namespace()).withName(plan.deployment(slot));
    }
}
