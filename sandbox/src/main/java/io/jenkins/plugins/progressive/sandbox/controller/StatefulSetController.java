package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The StatefulSet controller, following the real one ({@code pkg/controller/statefulset}) step by step: pods
 * {@code <set>-<ordinal>} with a stable identity, one {@link ControllerRevision} per pod template
 * ({@code <set>-<hash>}, numbered), and the status {@code kubectl rollout status sts} reads.
 *
 * <p>With {@code podManagementPolicy: OrderedReady} (the default) a pass stops at the first pod that is missing (it is
 * created), not Running and Ready, or not yet available for {@code minReadySeconds}: ordinal <i>i</i> is only created
 * when every pod below it is ready, and surplus pods are deleted from the highest ordinal down, one at a time. A
 * {@code RollingUpdate} then deletes the highest-ordinal pod at or above {@code partition} whose revision is not the
 * update revision; it comes back at the update revision on the next pass. Because every pod must be ready before
 * anything is deleted, a pod that never gets ready stalls the rollout for good, even after the template is reverted,
 * until someone deletes that pod: the "forced rollback" of the Kubernetes documentation. {@code OnDelete} never
 * deletes a pod for an update; pods deleted by someone else come back at the update revision.
 * {@code podManagementPolicy: Parallel} creates and deletes without waiting, as the real controller does.
 */
final class StatefulSetController {

    static final String REVISION_LABEL = "controller-revision-hash";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    /** The label the real controller history puts on each ControllerRevision: the hash part of its name. */
    static final String HASH_LABEL = "controller.kubernetes.io/hash";

    private static final Pattern ORDINAL = Pattern.compile("(.*)-([0-9]+)$");

    private final KubernetesClient client;
    private final PodClock clock;

    StatefulSetController(KubernetesClient client, PodClock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * One pass for one StatefulSet: at most one pod created or deleted (OrderedReady), then the status.
     *
     * @param owned     the pods it controls, their statuses fresh from the kubelet's pass
     * @param revisions the ControllerRevisions it controls
     * @return whether time alone will change something soon (a ready pod inside {@code minReadySeconds})
     */
    boolean reconcile(StatefulSet set, List<Pod> owned, List<ControllerRevision> revisions, long now) {
        List<ControllerRevision> history = new ArrayList<>(revisions);
        history.sort(Comparator.comparingLong(StatefulSetController::revisionNumber));
        ControllerRevision update = updateRevision(set, history);
        ControllerRevision current = history.stream()
                .filter(r -> set.getStatus() != null && r.getMetadata().getName().equals(set.getStatus().getCurrentRevision()))
                .findFirst().orElse(update);
        int minReadySeconds = value(set.getSpec().getMinReadySeconds());
        Counts counts = Counts.of(owned, current, update, clock, minReadySeconds, now);
        boolean busy = owned.stream().anyMatch(p -> isRunningAndReady(p)
                && clock.isWaitingForAvailability(p, minReadySeconds, now));

        if (set.getMetadata().getDeletionTimestamp() == null) {
            counts = act(set, owned, current, update, counts, minReadySeconds, now);
        }
        writeStatus(set, current, update, counts);
        truncateHistory(set, owned, history, current, update);
        return busy;
    }

    /** Creates, deletes or replaces pods as the real {@code updateStatefulSet} does; returns the adjusted counts. */
    private Counts act(StatefulSet set, List<Pod> owned, ControllerRevision current, ControllerRevision update,
            Counts counts, int minReadySeconds, long now) {
        int replicaCount = replicas(set);
        int start = startOrdinal(set);
        boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        Pod[] replicas = new Pod[replicaCount];
        List<Pod> condemned = new ArrayList<>();
        for (Pod pod : owned) {
            int ordinal = ordinal(set, pod);
            if (ordinal >= start && ordinal < start + replicaCount) {
                replicas[ordinal - start] = pod;
            } else if (ordinal >= 0) {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt((Pod p) -> ordinal(set, p)).reversed());
        Pod firstUnavailable = null;
        for (Pod pod : replicas) {
            if (pod != null && firstUnavailable == null && isUnavailable(pod, minReadySeconds, now)) {
                firstUnavailable = pod;
            }
        }
        for (int i = condemned.size() - 1; i >= 0 && firstUnavailable == null; i--) {
            if (isUnavailable(condemned.get(i), minReadySeconds, now)) {
                firstUnavailable = condemned.get(i);
            }
        }

        // Every replica in ordinal order: replace failed pods, create missing ones, and (OrderedReady) stop at the
        // first one that is not Running, Ready and available.
        boolean blocked = false;
        for (int index = 0; index < replicaCount; index++) {
            Pod pod = replicas[index];
            if (pod != null && isFinished(pod)) {
                delete(pod);
                blocked = true;
                if (monotonic) {
                    break;
                }
                continue;
            }
            if (pod == null) {
                create(set, start + index, current, update);
                blocked = true;
                if (monotonic) {
                    break;
                }
                continue;
            }
            if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod)
                    || !clock.isAvailable(pod, minReadySeconds, now))) {
                blocked = true;
                break;
            }
        }
        if (monotonic && blocked) {
            return counts;
        }

        // Scale down, highest ordinal first. Scaling takes precedence over updates.
        for (Pod pod : condemned) {
            if (isTerminating(pod)) {
                if (monotonic) {
                    return counts;
                }
                continue;
            }
            if (monotonic && pod != firstUnavailable && (!isRunningAndReady(pod)
                    || !clock.isAvailable(pod, minReadySeconds, now))) {
                return counts;
            }
            delete(pod);
            if (monotonic) {
                return counts;
            }
        }
        if (!monotonic && (blocked || !condemned.isEmpty())) {
            return counts;
        }

        if ("OnDelete".equals(updateStrategyType(set))) {
            return counts;
        }
        // RollingUpdate: replace the highest pod at or above the partition that is not at the update revision, one
        // at a time (maxUnavailable 1): wait for each replaced pod to be available before the next.
        int partition = partition(set);
        for (int index = replicaCount - 1; index >= partition; index--) {
            Pod pod = replicas[index];
            if (!update.getMetadata().getName().equals(revisionOf(pod)) && !isTerminating(pod)) {
                delete(pod);
                return counts.withCurrentReplicas(counts.currentReplicas() - 1);
            }
            if (isUnavailable(pod, minReadySeconds, now)) {
                return counts;
            }
        }
        return counts;
    }

    /**
     * The revision of the current template: an existing one when the template matches it (re-numbered as the newest
     * when it is an older one, i.e. a rollback), else a new one.
     */
    private ControllerRevision updateRevision(StatefulSet set, List<ControllerRevision> history) {
        String hash = PodTemplateHash.of(set.getSpec().getTemplate());
        String name = set.getMetadata().getName() + "-" + hash;
        long next = history.isEmpty() ? 1 : revisionNumber(history.get(history.size() - 1)) + 1;
        ControllerRevision equal = history.stream().filter(r -> r.getMetadata().getName().equals(name))
                .findFirst().orElse(null);
        if (equal != null && equal == history.get(history.size() - 1)) {
            return equal;
        }
        if (equal != null) {
            ControllerRevision bumped = client.apps().controllerRevisions().inNamespace(set.getMetadata().getNamespace())
                    .withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                            Serialization.asJson(Map.of("revision", next)));
            history.remove(equal);
            history.add(bumped);
            return bumped;
        }
        Map<String, String> labels = new HashMap<>();
        if (set.getSpec().getTemplate().getMetadata() != null && set.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(set.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(HASH_LABEL, hash);
        ControllerRevision created = client.apps().controllerRevisions().inNamespace(set.getMetadata().getNamespace())
                .resource(new ControllerRevisionBuilder()
                        .withNewMetadata()
                            .withName(name)
                            .withNamespace(set.getMetadata().getNamespace())
                            .withLabels(labels)
                            .withAnnotations(set.getMetadata().getAnnotations())
                            .withOwnerReferences(Ownership.controllerReference(set))
                        .endMetadata()
                        .withData(revisionData(set.getSpec().getTemplate()))
                        .withRevision(next)
                        .build())
                .create();
        history.add(created);
        return created;
    }

    /** What the real controller stores: a patch that puts the template back ({@code $patch: replace}). */
    private static Map<String, Object> revisionData(PodTemplateSpec template) {
        Map<String, Object> templateJson = new LinkedHashMap<>(
                Serialization.jsonMapper().convertValue(template, Map.class));
        templateJson.put("$patch", "replace");
        return Map.of("spec", Map.of("template", templateJson));
    }

    /** The pod template a revision stands for; the set's own template if the revision cannot be read. */
    @SuppressWarnings("unchecked")
    private static PodTemplateSpec templateOf(ControllerRevision revision, StatefulSet set) {
        try {
            Map<String, Object> data = Serialization.jsonMapper().convertValue(revision.getData(), Map.class);
            Map<String, Object> spec = (Map<String, Object>) data.get("spec");
            Map<String, Object> template = new LinkedHashMap<>((Map<String, Object>) spec.get("template"));
            template.remove("$patch");
            return Serialization.jsonMapper().convertValue(template, PodTemplateSpec.class);
        } catch (RuntimeException e) {
            return set.getSpec().getTemplate();
        }
    }

    /**
     * A pod for an ordinal, at the current revision when the partition keeps that ordinal back, else at the update
     * revision ({@code newVersionedStatefulSetPod}).
     */
    private void create(StatefulSet set, int ordinal, ControllerRevision current, ControllerRevision update) {
        boolean keptBack = "RollingUpdate".equals(updateStrategyType(set))
                && ordinal < startOrdinal(set) + partition(set);
        ControllerRevision revision = keptBack ? current : update;
        PodTemplateSpec template = revision == update ? set.getSpec().getTemplate() : templateOf(revision, set);
        String name = set.getMetadata().getName() + "-" + ordinal;
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>();
        if (meta.getLabels() != null) {
            labels.putAll(meta.getLabels());
        }
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, String.valueOf(ordinal));
        labels.put(REVISION_LABEL, revision.getMetadata().getName());
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(set.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(meta.getAnnotations())
                    .withOwnerReferences(Ownership.controllerReference(set))
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec().withHostname(name).withSubdomain(set.getSpec().getServiceName()).endSpec()
                .build();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private void delete(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Writes the status if it changed, the way the real controller decides it ({@code completeRollingUpdate}). */
    private void writeStatus(StatefulSet set, ControllerRevision current, ControllerRevision update, Counts counts) {
        int replicas = replicas(set);
        String currentRevision = current.getMetadata().getName();
        int currentReplicas = counts.currentReplicas();
        if ("RollingUpdate".equals(updateStrategyType(set)) && counts.updatedReplicas() == replicas
                && counts.readyReplicas() == replicas && counts.replicas() == replicas) {
            currentReplicas = counts.updatedReplicas();
            currentRevision = update.getMetadata().getName();
        }
        StatefulSetStatus wanted = new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(counts.replicas())
                .withReadyReplicas(counts.readyReplicas())
                .withAvailableReplicas(counts.availableReplicas())
                .withCurrentReplicas(currentReplicas)
                .withUpdatedReplicas(counts.updatedReplicas())
                .withCurrentRevision(currentRevision)
                .withUpdateRevision(update.getMetadata().getName())
                .withCollisionCount(0)
                .build();
        StatefulSetStatus previous = set.getStatus();
        if (previous == null || !Objects.equals(previous.getObservedGeneration(), wanted.getObservedGeneration())
                || !Objects.equals(previous.getReplicas(), wanted.getReplicas())
                || !Objects.equals(previous.getReadyReplicas(), wanted.getReadyReplicas())
                || !Objects.equals(previous.getAvailableReplicas(), wanted.getAvailableReplicas())
                || !Objects.equals(previous.getCurrentReplicas(), wanted.getCurrentReplicas())
                || !Objects.equals(previous.getUpdatedReplicas(), wanted.getUpdatedReplicas())
                || !Objects.equals(previous.getCurrentRevision(), wanted.getCurrentRevision())
                || !Objects.equals(previous.getUpdateRevision(), wanted.getUpdateRevision())
                || !Objects.equals(previous.getCollisionCount(), wanted.getCollisionCount())) {
            set.setStatus(wanted);
            client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(set).updateStatus();
        }
    }

    /**
     * Deletes the oldest revisions beyond {@code revisionHistoryLimit} (default 10) that no pod, nor the current or
     * update revision, uses.
     */
    private void truncateHistory(StatefulSet set, List<Pod> owned, List<ControllerRevision> history,
            ControllerRevision current, ControllerRevision update) {
        Set<String> live = new HashSet<>();
        live.add(current.getMetadata().getName());
        live.add(update.getMetadata().getName());
        owned.forEach(p -> live.add(revisionOf(p)));
        List<ControllerRevision> old = history.stream().filter(r -> !live.contains(r.getMetadata().getName()))
                .sorted(Comparator.comparingLong(StatefulSetController::revisionNumber)).toList();
        int limit = set.getSpec().getRevisionHistoryLimit() == null ? 10 : set.getSpec().getRevisionHistoryLimit();
        if (limit < 0 || old.size() <= limit) {
            return;
        }
        for (ControllerRevision surplus : old.subList(0, old.size() - limit)) {
            client.apps().controllerRevisions().inNamespace(surplus.getMetadata().getNamespace())
                    .withName(surplus.getMetadata().getName()).delete();
        }
    }

    /** The status counts over the pods as listed at the start of the pass ({@code computeReplicaStatus}). */
    record Counts(int replicas, int readyReplicas, int availableReplicas, int currentReplicas, int updatedReplicas) {

        static Counts of(List<Pod> pods, ControllerRevision current, ControllerRevision update, PodClock clock,
                int minReadySeconds, long now) {
            int replicas = 0;
            int ready = 0;
            int available = 0;
            int atCurrent = 0;
            int atUpdate = 0;
            for (Pod pod : pods) {
                boolean created = pod.getStatus() != null && pod.getStatus().getPhase() != null;
                if (created) {
                    replicas++;
                }
                if (isRunningAndReady(pod)) {
                    ready++;
                    if (clock.isAvailable(pod, minReadySeconds, now)) {
                        available++;
                    }
                }
                if (created && !isTerminating(pod)) {
                    String revision = revisionOf(pod);
                    if (revision.equals(current.getMetadata().getName())) {
                        atCurrent++;
                    }
                    if (revision.equals(update.getMetadata().getName())) {
                        atUpdate++;
                    }
                }
            }
            return new Counts(replicas, ready, available, atCurrent, atUpdate);
        }

        Counts withCurrentReplicas(int value) {
            return new Counts(replicas, readyReplicas, availableReplicas, value, updatedReplicas);
        }
    }

    /** The ordinal of a pod of this set, from its name; -1 when the name is not {@code <set>-<number>}. */
    static int ordinal(StatefulSet set, Pod pod) {
        Matcher matcher = ORDINAL.matcher(pod.getMetadata().getName());
        if (!matcher.matches() || !matcher.group(1).equals(set.getMetadata().getName())) {
            return -1;
        }
        try {
            return Integer.parseInt(matcher.group(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String revisionOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(REVISION_LABEL, "");
    }

    private static boolean isRunningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && Kubelet.isReady(pod);
    }

    private boolean isUnavailable(Pod pod, int minReadySeconds, long now) {
        return isTerminating(pod) || !isRunningAndReady(pod) || !clock.isAvailable(pod, minReadySeconds, now);
    }

    private static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    private static boolean isFinished(Pod pod) {
        return pod.getStatus() != null
                && ("Failed".equals(pod.getStatus().getPhase()) || "Succeeded".equals(pod.getStatus().getPhase()));
    }

    private static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    private static int startOrdinal(StatefulSet set) {
        return set.getSpec().getOrdinals() == null ? 0 : value(set.getSpec().getOrdinals().getStart());
    }

    /** {@code RollingUpdate} unless the set says {@code OnDelete}, as API-server defaulting makes it. */
    private static String updateStrategyType(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
    }

    private static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getRollingUpdate() == null ? 0
                : Math.max(0, value(strategy.getRollingUpdate().getPartition()));
    }

    private static long revisionNumber(ControllerRevision revision) {
        return revision.getRevision() == null ? 0 : revision.getRevision();
    }

    private static int value(Integer count) {
        return count == null ? 0 : count;
    }
}
