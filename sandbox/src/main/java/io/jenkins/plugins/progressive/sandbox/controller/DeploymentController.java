package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Deployment controller: one ReplicaSet per pod template ({@code pod-template-hash}), replicas moved from the old
 * ReplicaSets to the new one within {@code maxSurge}/{@code maxUnavailable} (or all at once for {@code Recreate}),
 * revisions numbered on the ReplicaSets, and the status {@code kubectl rollout status} reads. A paused Deployment is
 * left where it is.
 */
final class DeploymentController {

    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

    private final KubernetesClient client;

    DeploymentController(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Moves the rollout one step: creates the new ReplicaSet if needed and scales ReplicaSets, based on the
     * ReplicaSet statuses of the last pass.
     *
     * @return whether it wrote anything (the ReplicaSet list is then stale)
     */
    boolean rollout(Deployment deployment, List<ReplicaSet> owned) {
        if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
            return false;
        }
        String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
        ReplicaSet newReplicaSet = findNew(owned, hash);
        List<ReplicaSet> old = owned.stream().filter(rs -> rs != newReplicaSet).toList();
        int maxRevision = owned.stream().mapToInt(DeploymentController::revision).max().orElse(0);
        if (newReplicaSet == null) {
            create(deployment, hash, maxRevision + 1);
            return true;
        }
        if (revision(newReplicaSet) < maxRevision) {
            // A rollback to an older template: that ReplicaSet becomes the newest revision again.
            patch(newReplicaSet, Map.of("metadata", Map.of("annotations", Map.of(REVISION, String.valueOf(maxRevision + 1)))));
            return true;
        }
        int replicas = DeploymentConditions.replicas(deployment);
        boolean recreate = deployment.getSpec().getStrategy() != null
                && "Recreate".equals(deployment.getSpec().getStrategy().getType());
        Map<ReplicaSet, Integer> scale = recreate ? recreate(newReplicaSet, old, replicas)
                : rollingUpdate(deployment, newReplicaSet, old, replicas);
        scale.forEach((rs, count) -> patch(rs, Map.of("spec", Map.of("replicas", count))));
        boolean pruned = pruneHistory(deployment, old);
        return !scale.isEmpty() || pruned;
    }

    /** Writes the status computed from the ReplicaSets, if it changed. */
    void updateStatus(Deployment deployment, List<ReplicaSet> owned, Instant now) {
        String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
        ReplicaSet newReplicaSet = findNew(owned, hash);
        int replicas = DeploymentConditions.replicas(deployment);
        DeploymentStatus next = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(sum(owned, rs -> rs.getStatus() == null ? null : rs.getStatus().getReplicas()))
                .withUpdatedReplicas(newReplicaSet == null || newReplicaSet.getStatus() == null ? 0
                        : value(newReplicaSet.getStatus().getReplicas()))
                .withReadyReplicas(sum(owned, rs -> rs.getStatus() == null ? null : rs.getStatus().getReadyReplicas()))
                .withAvailableReplicas(sum(owned, rs -> rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas()))
                .build();
        next.setUnavailableReplicas(Math.max(0, replicas - next.getAvailableReplicas()));
        next.setConditions(DeploymentConditions.next(deployment, next,
                newReplicaSet == null ? deployment.getMetadata().getName() + "-" + hash : newReplicaSet.getMetadata().getName(),
                replicas - RollingBudget.of(deployment, replicas).maxUnavailable(), event(deployment, newReplicaSet), now));
        if (deployment.getStatus() != null) {
            next.setCollisionCount(deployment.getStatus().getCollisionCount());
        }
        if (!Objects.equals(deployment.getStatus(), next)) {
            deployment.setStatus(next);
            client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(deployment).updateStatus();
        }
    }

    private static DeploymentConditions.Event event(Deployment deployment, ReplicaSet newReplicaSet) {
        String previousReason = deployment.getStatus() == null || deployment.getStatus().getConditions() == null ? null
                : deployment.getStatus().getConditions().stream()
                        .filter(c -> DeploymentConditions.PROGRESSING.equals(c.getType()))
                        .map(c -> c.getReason()).findFirst().orElse(null);
        boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());
        if (paused) {
            return DeploymentConditions.Event.PAUSED;
        }
        if ("DeploymentPaused".equals(previousReason)) {
            return DeploymentConditions.Event.RESUMED;
        }
        if (newReplicaSet != null && previousReason == null) {
            return isFresh(newReplicaSet) ? DeploymentConditions.Event.NEW_REPLICA_SET_CREATED
                    : DeploymentConditions.Event.FOUND_NEW_REPLICA_SET;
        }
        return DeploymentConditions.Event.NONE;
    }

    private static boolean isFresh(ReplicaSet replicaSet) {
        return replicaSet.getStatus() == null || value(replicaSet.getStatus().getReplicas()) == 0;
    }

    private Map<ReplicaSet, Integer> rollingUpdate(Deployment deployment, ReplicaSet newReplicaSet, List<ReplicaSet> old,
            int replicas) {
        RollingBudget budget = RollingBudget.of(deployment, replicas);
        Map<ReplicaSet, Integer> scale = new HashMap<>();
        int newCount = specReplicas(newReplicaSet);
        int all = newCount + old.stream().mapToInt(DeploymentController::specReplicas).sum();
        // Scale up the new ReplicaSet as far as the surge allows (or down, when the Deployment shrank).
        if (newCount > replicas) {
            scale.put(newReplicaSet, replicas);
            return scale;
        }
        int up = Math.min(replicas + budget.maxSurge() - all, replicas - newCount);
        if (up > 0) {
            scale.put(newReplicaSet, newCount + up);
            return scale;
        }
        // Scale down old ReplicaSets as far as availability allows: first pods that are not available anyway.
        int minAvailable = replicas - budget.maxUnavailable();
        int newUnavailable = newCount - available(newReplicaSet);
        int maxScaledDown = all - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return scale;
        }
        List<ReplicaSet> oldestFirst = new ArrayList<>(old);
        oldestFirst.sort(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp()));
        int cleaned = 0;
        Map<ReplicaSet, Integer> remaining = new HashMap<>();
        for (ReplicaSet rs : oldestFirst) {
            int count = specReplicas(rs);
            int unhealthy = Math.max(0, count - available(rs));
            int cut = Math.min(unhealthy, maxScaledDown - cleaned);
            if (cut > 0) {
                cleaned += cut;
                count -= cut;
                scale.put(rs, count);
            }
            remaining.put(rs, count);
        }
        int availableNow = available(newReplicaSet) + old.stream().mapToInt(DeploymentController::available).sum();
        int budgetLeft = availableNow - minAvailable;
        for (ReplicaSet rs : oldestFirst) {
            int count = remaining.get(rs);
            int cut = Math.min(count, budgetLeft);
            if (cut > 0) {
                budgetLeft -= cut;
                scale.put(rs, count - cut);
            }
        }
        return scale;
    }

    private static Map<ReplicaSet, Integer> recreate(ReplicaSet newReplicaSet, List<ReplicaSet> old, int replicas) {
        Map<ReplicaSet, Integer> scale = new HashMap<>();
        old.stream().filter(rs -> specReplicas(rs) > 0).forEach(rs -> scale.put(rs, 0));
        boolean oldGone = old.stream().allMatch(rs -> rs.getStatus() == null || value(rs.getStatus().getReplicas()) == 0);
        if (scale.isEmpty() && oldGone && specReplicas(newReplicaSet) != replicas) {
            scale.put(newReplicaSet, replicas);
        }
        return scale;
    }

    /** Deletes scaled-down old ReplicaSets beyond {@code revisionHistoryLimit} (default 10), oldest revision first. */
    private boolean pruneHistory(Deployment deployment, List<ReplicaSet> old) {
        int limit = deployment.getSpec().getRevisionHistoryLimit() == null ? 10 : deployment.getSpec().getRevisionHistoryLimit();
        List<ReplicaSet> idle = old.stream()
                .filter(rs -> specReplicas(rs) == 0 && (rs.getStatus() == null || value(rs.getStatus().getReplicas()) == 0))
                .sorted(Comparator.comparingInt(DeploymentController::revision)).toList();
        List<ReplicaSet> surplus = idle.subList(0, Math.max(0, idle.size() - limit));
        surplus.forEach(rs -> client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).delete());
        return !surplus.isEmpty();
    }

    private void create(Deployment deployment, String hash, int revision) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(deployment.getSpec().getTemplate())
                .editOrNewMetadata().addToLabels(HASH_LABEL, hash).endMetadata().build();
        Map<String, String> annotations = new HashMap<>();
        annotations.put(REVISION, String.valueOf(revision));
        String cause = deployment.getMetadata().getAnnotations() == null ? null
                : deployment.getMetadata().getAnnotations().get(CHANGE_CAUSE);
        if (cause != null) {
            annotations.put(CHANGE_CAUSE, cause);
        }
        ReplicaSet replicaSet = new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(deployment.getMetadata().getName() + "-" + hash)
                    .withNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(template.getMetadata().getLabels())
                    .withAnnotations(annotations)
                    .withOwnerReferences(Ownership.controllerReference(deployment))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(0)
                    .withMinReadySeconds(deployment.getSpec().getMinReadySeconds())
                    .withNewSelector().withMatchLabels(selectorWithHash(deployment, hash)).endSelector()
                    .withTemplate(template)
                .endSpec()
                .build();
        client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace()).resource(replicaSet).create();
    }

    private static Map<String, String> selectorWithHash(Deployment deployment, String hash) {
        Map<String, String> labels = new HashMap<>();
        if (deployment.getSpec().getSelector() != null && deployment.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(deployment.getSpec().getSelector().getMatchLabels());
        }
        labels.put(HASH_LABEL, hash);
        return labels;
    }

    private void patch(ReplicaSet replicaSet, Map<String, Object> mergePatch) {
        client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace())
                .withName(replicaSet.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), io.fabric8.kubernetes.client.utils.Serialization.asJson(mergePatch));
    }

    private static ReplicaSet findNew(List<ReplicaSet> owned, String hash) {
        return owned.stream().filter(rs -> rs.getMetadata().getLabels() != null
                && hash.equals(rs.getMetadata().getLabels().get(HASH_LABEL))).findFirst().orElse(null);
    }

    static int revision(ReplicaSet replicaSet) {
        Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
        try {
            return annotations == null ? 0 : Integer.parseInt(annotations.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int specReplicas(ReplicaSet replicaSet) {
        return replicaSet.getSpec().getReplicas() == null ? 1 : replicaSet.getSpec().getReplicas();
    }

    private static int available(ReplicaSet replicaSet) {
        return replicaSet.getStatus() == null ? 0 : value(replicaSet.getStatus().getAvailableReplicas());
    }

    private static int sum(List<ReplicaSet> replicaSets, java.util.function.Function<ReplicaSet, Integer> count) {
        return replicaSets.stream().mapToInt(rs -> value(count.apply(rs))).sum();
    }

    private static int value(Integer count) {
        return count == null ? 0 : count;
    }
}
