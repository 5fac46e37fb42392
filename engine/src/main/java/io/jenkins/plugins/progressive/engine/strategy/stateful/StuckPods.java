package io.jenkins.plugins.progressive.engine.strategy.stateful;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The pods of one StatefulSet, and the ones that stall an undo. The StatefulSet controller replaces a pod only while
 * every pod is ready, so a pod that never became ready on a failed revision is never replaced, even once the
 * template is reverted — Kubernetes documents deleting it by hand ("forced rollback"). {@link #sweep} does exactly
 * that, for pods that are not ready and on a revision other than the one being restored, at every sweep until
 * none is left. Every call makes
 * API requests: run it on the scheduler, never on a watch thread.
 */
final class StuckPods {

    private static final String REVISION_LABEL = "controller-revision-hash";

    private final KubernetesClient client;
    private final String namespace;
    private final String statefulSet;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    StuckPods(KubernetesClient client, String namespace, String statefulSet) {
        this.client = client;
        this.namespace = namespace;
        this.statefulSet = statefulSet;
    }

    /** The StatefulSet's own pods ({@code <name>-<ordinal>}) among those its selector matches. */
    List<Pod> pods(StatefulSet current) {
        Map<String, String> selector = current.getSpec().getSelector().getMatchLabels();
        Pattern own = Pattern.compile(Pattern.quote(statefulSet) + "-\\d+");
        return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(p -> own.matcher(p.getMetadata().getName()).matches()).toList();
    }

    /** The names of its pods that are not ready, sorted. */
    List<String> notReady(StatefulSet current) {
        return pods(current).stream().filter(p -> !isReady(p)).map(p -> p.getMetadata().getName()).sorted().toList();
    }

    /** Deletes the pods that stall the undo of {@code current}; {@code deletedOne} hears about each. */
    void sweep(StatefulSet current, Consumer<String> deletedOne) {
        if (current == null || !StatefulSetView.observed(current) || current.getStatus().getUpdateRevision() == null) {
            return;
        }
        String restoring = current.getStatus().getUpdateRevision();
        for (Pod pod : pods(current)) {
            String revision = pod.getMetadata().getLabels() == null ? null
                    : pod.getMetadata().getLabels().get(REVISION_LABEL);
            String name = pod.getMetadata().getName();
            if (revision != null && !revision.equals(restoring) && !isReady(pod)
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                // Counted once the API server took the deletion: a delete that failed is tried by the next sweep, and
                // so is a pod that came back on the failed revision.
                client.pods().inNamespace(namespace).withName(name).delete();
                deleted.add(name);
                deletedOne.accept("deleted pod " + name + ": not ready on the failed revision " + revision
                        + ", so the StatefulSet controller would wait for it forever");
            }
        }
    }

    /** The pods deleted so far, sorted. */
    Set<String> deleted() {
        return new TreeSet<>(deleted);
    }

    static boolean isReady(Pod pod) {
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
}
