package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRevisions;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import io.jenkins.plugins.progressive.engine.cluster.ResourceWatch;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.strategy.ReplicaWatch;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.TemplatePatches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The objects a canary adds next to the stable Deployment, all labelled as ours: the canary Deployment
 * {@code <app>-canary} (stable's template with the new images and {@code progressive.jenkins.io/track: canary}), and
 * the Services {@code <app>-stable} (pinned to the stable ReplicaSet's {@code pod-template-hash}, so it never selects
 * canary pods) and {@code <app>-canary}, which the routers send traffic to. A user may create those two Services
 * first (so that the route object can name them before the first canary); the canary then manages their selectors.
 */
final class CanaryWorkloads {

    static final String TRACK = "progressive.jenkins.io/track";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String HASH = "pod-template-hash";
    private static final Duration AVAILABLE_TIMEOUT = Duration.ofMinutes(10);

    private final RolloutContext context;
    private final CanaryPlan plan;
    private final ReplicaWatch replicaWatch;
    private Deployment stable;
    private ReplicaSet stableSet;
    /** The stable Deployment's images before this walk touched it: what a rollback of a begun promotion restores. */
    private List<ImageChange> stableImages;
    /** R as the walk began, when resuming one: the replica-ratio router has scaled stable's own count down since. */
    private Integer walkReplicas;

    CanaryWorkloads(RolloutContext context, CanaryPlan plan) {
        this.context = context;
        this.plan = plan;
        this.replicaWatch = new ReplicaWatch(context, plan.namespace(), plan.images().get(0).container())
                .follow("stable", plan.app()).follow("canary", canaryName());
    }

    String canaryName() {
        return plan.app() + "-canary";
    }

    String stableService() {
        return plan.app() + "-stable";
    }

    String canaryService() {
        return plan.app() + "-canary";
    }

    int replicas() {
        if (walkReplicas != null) {
            return walkReplicas;
        }
        return stable.getSpec().getReplicas() == null ? 1 : stable.getSpec().getReplicas();
    }

    /** Sizes everything by the stable replicas recorded when the walk began (a resumed walk). */
    void useReplicasOfWalk(int replicas) {
        walkReplicas = replicas;
    }

    /** The canary Deployment as it is now; null before the first canary. */
    Deployment readCanary() {
        return deployment(canaryName()).get();
    }

    /**
     * Mirrors the walk's state on the canary Deployment. A merge patch of one annotation: only the lease holder writes
     * it, so no resourceVersion guard is needed, and it never conflicts with the controllers writing status.
     */
    void record(CanaryState state) {
        deployment(canaryName()).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata",
                Map.of("annotations", Map.of(CanaryState.ANNOTATION, state.toJson())))));
    }

    /** Reads the stable Deployment and its current ReplicaSet; null if the Deployment does not exist. */
    Deployment readStable() {
        stable = deployment(plan.app()).get();
        if (stable != null) {
            stableSet = DeploymentRevisions.of(context.client(), stable).newest().orElse(null);
            if (stableImages == null) {
                stableImages = imagesOf(stable);
            }
        }
        return stable;
    }

    private List<ImageChange> imagesOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> plan.images().stream().anyMatch(i -> i.container().equals(c.getName())))
                .map(c -> new ImageChange(c.getName(), c.getImage())).toList();
    }

    /**
     * Undoes a promotion that had begun: if the stable Deployment no longer runs the images it had before the walk,
     * the stable Service first follows the canary's pods (the promotion only begins with the canary at 100% on all R
     * replicas, ready), then stable takes its old images back and is waited for until available; afterwards the
     * stable Service is pinned to stable's own pods again. Without a begun promotion, only the pin.
     */
    CompletableFuture<Void> restoreStable() {
        Deployment now = deployment(plan.app()).get();
        if (now == null || stableImages == null || imagesOf(now).equals(stableImages)) {
            readStable();
            pinStableService();
            return CompletableFuture.completedFuture(null);
        }
        serveStableFromCanary();
        JsonPatch patch = new JsonPatch();
        TemplatePatches.images(patch, now, stableImages);
        long generation = deployment(plan.app()).patch(patch.context(), patch.toJson()).getMetadata().getGeneration();
        return available(plan.app(), generation).thenRunAsync(() -> {
            readStable();
            pinStableService();
        }, context.scheduler());
    }

    /**
     * Creates (or updates) the canary Deployment and the two Services. A new walk starts the canary at zero replicas;
     * a resumed one keeps its replicas and annotations, so the pods serving its weight are never taken away.
     */
    void prepare(boolean resuming) {
        Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector().getMatchLabels());
        Map<String, String> stableSelector = new LinkedHashMap<>(selector);
        if (stableSet != null) {
            stableSelector.put(HASH, stableSet.getMetadata().getLabels().get(HASH));
        }
        Map<String, String> canarySelector = new LinkedHashMap<>(selector);
        canarySelector.put(TRACK, "canary");
        if (resuming) {
            // The walk pointed them when it began, and its promotion may have pointed the stable one at the canary's
            // pods since: a resumed walk only creates what is missing and leaves the phase in progress to move them.
            createServiceIfMissing(stableService(), stableSelector);
            createServiceIfMissing(canaryService(), canarySelector);
        } else {
            service(stableService(), stableSelector);
            service(canaryService(), canarySelector);
        }
        Deployment canary = new DeploymentBuilder()
                .withNewMetadata().withName(canaryName()).withNamespace(plan.namespace()).addToLabels(MANAGED_BY, "progressive-delivery")
                    .endMetadata()
                .withNewSpecLike(stable.getSpec()).withReplicas(0).withPaused(false)
                    .withNewSelector().withMatchLabels(canarySelector).endSelector()
                    .editTemplate().editOrNewMetadata().addToLabels(TRACK, "canary").endMetadata().endTemplate()
                .endSpec().build();
        canary.getSpec().getTemplate().getSpec().getContainers().forEach(c -> plan.images().stream()
                .filter(i -> i.container().equals(c.getName())).findFirst().ifPresent(i -> c.setImage(i.image())));
        // A resumed walk's canary is the one this walk created (same plan, same images): it stays as it is, replicas
        // and annotations included, so the pods serving its weight are never taken away and nothing is rewritten.
        Deployment existing = readCanary();
        if (existing == null || !resuming && !sameCanary(existing, canary)) {
            context.client().apps().deployments().inNamespace(plan.namespace()).resource(canary).createOr(d -> d.update());
        }
        // From here on both versions run: the page shows each one's replicas as they change.
        replicaWatch.start();
    }

    /**
     * Whether an existing canary Deployment is already the one a new walk would create: same selector, pod labels,
     * images and zero replicas (an engine that died right after creating it). Then there is nothing to write.
     */
    private static boolean sameCanary(Deployment existing, Deployment wanted) {
        var have = existing.getSpec();
        var want = wanted.getSpec();
        return Integer.valueOf(0).equals(have.getReplicas()) && java.util.Objects.equals(have.getSelector(), want.getSelector())
                && java.util.Objects.equals(have.getTemplate().getMetadata().getLabels(),
                        want.getTemplate().getMetadata().getLabels())
                && containerImages(have.getTemplate()).equals(containerImages(want.getTemplate()));
    }

    private static Map<String, String> containerImages(io.fabric8.kubernetes.api.model.PodTemplateSpec template) {
        Map<String, String> images = new LinkedHashMap<>();
        template.getSpec().getContainers().forEach(c -> images.put(c.getName(), c.getImage()));
        return images;
    }

    /** The canary ended: its last replica counts are reported and the watches closed. */
    void stopWatchingReplicas() {
        replicaWatch.stop();
    }

    /** Scales the canary and waits until that many pods are available. */
    CompletableFuture<Void> scaleCanary(int replicas) {
        Deployment canary = readCanary();
        if (canary != null && Integer.valueOf(replicas).equals(canary.getSpec().getReplicas())) {
            // Already that size (a resumed step whose scale had landed): only the wait.
            return available(canaryName(), canary.getMetadata().getGeneration()).thenApply(d -> null);
        }
        JsonPatch patch = new JsonPatch().set("/spec/replicas", replicas);
        long generation = deployment(canaryName()).patch(patch.context(), patch.toJson()).getMetadata().getGeneration();
        return available(canaryName(), generation).thenApply(d -> null);
    }

    /** Scales the canary to zero; a canary that was never created (the walk failed before) has nothing to scale. */
    void scaleCanaryDown() {
        Deployment canary = readCanary();
        if (canary == null || Integer.valueOf(0).equals(canary.getSpec().getReplicas())) {
            return;
        }
        JsonPatch patch = new JsonPatch().set("/spec/replicas", 0);
        try {
            deployment(canaryName()).patch(patch.context(), patch.toJson());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * Points the stable Service at the canary's pods, which run the new version at 100% by now: the stable Deployment
     * is about to replace its pods, and a Service pinned to the old ReplicaSet would be left without a ready endpoint
     * meanwhile. Changes no request's destination (the router sends none to stable at 100%), but ingress-nginx
     * answers 503 for the whole location while the primary backend has no endpoint, canary or not.
     */
    void serveStableFromCanary() {
        Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector().getMatchLabels());
        selector.put(TRACK, "canary");
        service(stableService(), selector);
    }

    /**
     * The stable Deployment takes the new images (a rolling update) and, once it is rolled out and available, its
     * Service follows the new ReplicaSet.
     */
    CompletableFuture<Void> promoteStable() {
        Deployment now = deployment(plan.app()).get();
        if (now == null) {
            throw new RolloutFailure("error", "Deployment " + plan.namespace() + "/" + plan.app() + " vanished during "
                    + "the promotion");
        }
        long generation = now.getMetadata().getGeneration();
        if (!runsNewImages(now)) {
            JsonPatch patch = new JsonPatch();
            TemplatePatches.images(patch, now, plan.images());
            generation = deployment(plan.app()).patch(patch.context(), patch.toJson()).getMetadata().getGeneration();
        }
        return available(plan.app(), generation).thenRunAsync(() -> {
            readStable();
            pinStableService();
        }, context.scheduler());
    }

    /**
     * Whether the stable Deployment already runs the canary's images: the promotion had begun (its images are written
     * only once the canary serves all traffic and the stable Service follows the canary's pods).
     */
    boolean promotionBegun() {
        Deployment now = deployment(plan.app()).get();
        return now != null && runsNewImages(now);
    }

    private boolean runsNewImages(Deployment deployment) {
        List<ImageChange> running = imagesOf(deployment);
        return java.util.Set.copyOf(running).equals(plan.images().stream()
                .filter(i -> running.stream().anyMatch(c -> c.container().equals(i.container())))
                .collect(java.util.stream.Collectors.toSet()));
    }

    /** The stable Deployment's images before this walk, container to image, for the walk's record. */
    Map<String, String> stableImagesBefore() {
        Map<String, String> images = new LinkedHashMap<>();
        if (stableImages != null) {
            stableImages.forEach(i -> images.put(i.container(), i.image()));
        }
        return images;
    }

    /**
     * Takes the stable images a resumed walk recorded when it began: stable may run the new ones by now (a promotion
     * had begun), and an undo must put back what ran before the walk, not what runs now.
     */
    void useStableImagesOfWalk(Map<String, String> images) {
        if (!images.isEmpty()) {
            stableImages = images.entrySet().stream().map(e -> new ImageChange(e.getKey(), e.getValue())).toList();
        }
    }

    /** Pins the stable Service to the stable Deployment's newest ReplicaSet (as last read), never to canary pods. */
    void pinStableService() {
        Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector().getMatchLabels());
        if (stableSet != null) {
            selector.put(HASH, stableSet.getMetadata().getLabels().get(HASH));
        }
        service(stableService(), selector);
    }

    /**
     * Waits until the stable Deployment, as it is now, is rolled out and available (what {@code kubectl rollout status}
     * waits for), and answers it.
     */
    CompletableFuture<Deployment> awaitStableAvailable() {
        Deployment now = deployment(plan.app()).get();
        if (now == null) {
            throw new RolloutFailure("error", "Deployment " + plan.namespace() + "/" + plan.app() + " vanished during "
                    + "the promotion");
        }
        return available(plan.app(), now.getMetadata().getGeneration());
    }

    /** How many pods of {@code deployment} run its current template. */
    static int updatedReplicas(Deployment deployment) {
        Integer updated = deployment.getStatus() == null ? null : deployment.getStatus().getUpdatedReplicas();
        return updated == null ? 0 : updated;
    }

    /** The canary's pods against the stable ReplicaSet's, by version (image tag of the first changed container). */
    AnalysisTarget target() {
        String container = plan.images().get(0).container();
        String newVersion = ImageChange.tagOf(plan.images().get(0).image());
        String stableVersion = stable.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).map(c -> ImageChange.tagOf(c.getImage())).findFirst().orElse("unknown");
        AnalysisTarget target = AnalysisTarget.of(plan.namespace(), plan.app(), newVersion, canaryName() + "-.*");
        return stableSet == null ? target : target.withBaseline(stableVersion, DeploymentRevisions.podNamePattern(stableSet));
    }

    private CompletableFuture<Deployment> available(String name, long generation) {
        return ResourceWatch.until(deployment(name), "deployment " + name + " available",
                d -> d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                        && d.getStatus().getObservedGeneration() >= generation && DeploymentRolloutStatus.of(d).isDone(),
                d -> { }, AVAILABLE_TIMEOUT, context.scheduler())
                .thenApply(d -> {
                    RolloutStatus status = DeploymentRolloutStatus.of(d);
                    if (status.phase() == RolloutPhase.FAILED) {
                        throw new RolloutFailure("deadline", status.message() + " (" + status.available() + " of "
                                + status.desired() + " available)");
                    }
                    return d;
                });
    }

    private void createServiceIfMissing(String name, Map<String, String> selector) {
        if (context.client().services().inNamespace(plan.namespace()).withName(name).get() == null) {
            service(name, selector);
        }
    }

    private void service(String name, Map<String, String> selector) {
        Service existing = context.client().services().inNamespace(plan.namespace()).withName(name).get();
        Service main = context.client().services().inNamespace(plan.namespace()).withName(plan.app()).get();
        List<ServicePort> ports = main != null && main.getSpec().getPorts() != null && !main.getSpec().getPorts().isEmpty()
                ? main.getSpec().getPorts() : List.of(new ServicePortBuilder().withName("http").withPort(80).build());
        if (existing != null && selector.equals(existing.getSpec().getSelector())) {
            return; // already selects those pods: a resumed walk repeats no write
        }
        if (existing != null) {
            // A patch of the selector only (a full update would have to carry the immutable clusterIP), replacing it
            // whole: a merge patch would keep a label the new selector no longer has.
            JsonPatch patch = new JsonPatch().set("/spec/selector", selector);
            context.client().services().inNamespace(plan.namespace()).withName(name).patch(patch.context(), patch.toJson());
            return;
        }
        context.client().services().inNamespace(plan.namespace()).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(plan.namespace()).addToLabels(MANAGED_BY, "progressive-delivery")
                    .endMetadata()
                .withNewSpec().withSelector(selector).withPorts(ports).endSpec().build()).create();
    }

    private RollableScalableResource<Deployment> deployment(String name) {
        return context.client().apps().deployments().inNamespace(plan.namespace()).withName(name);
    }
}
