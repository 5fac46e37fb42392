package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Keeps the number of pods of each ReplicaSet equal to its {@code spec.replicas} and reports its status. */
final class ReplicaSetController {

    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final PodClock clock;

    ReplicaSetController(KubernetesClient client, PodClock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** @return whether time alone will change this ReplicaSet soon (pods inside minReadySeconds) */
    boolean reconcile(ReplicaSet replicaSet, List<Pod> owned, long now) {
        int desired = replicaSet.getSpec().getReplicas() == null ? 1 : replicaSet.getSpec().getReplicas();
        List<Pod> alive = new ArrayList<>(owned.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList());
        while (alive.size() < desired) {
            alive.add(createPod(replicaSet));
        }
        if (alive.size() > desired) {
            // Like the real controller: not-ready pods go first, then the youngest.
            alive.sort(Comparator.comparing(Kubelet::isReady)
                    .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()));
            for (Pod surplus : List.copyOf(alive.subList(0, alive.size() - desired))) {
                client.pods().inNamespace(surplus.getMetadata().getNamespace()).withName(surplus.getMetadata().getName())
                        .withGracePeriod(0).delete();
                alive.remove(surplus);
            }
        }
        int minReadySeconds = replicaSet.getSpec().getMinReadySeconds() == null ? 0 : replicaSet.getSpec().getMinReadySeconds();
        int ready = (int) alive.stream().filter(Kubelet::isReady).count();
        int available = (int) alive.stream().filter(p -> Kubelet.isReady(p) && clock.isAvailable(p, minReadySeconds, now)).count();
        ReplicaSetStatus wanted = new ReplicaSetStatusBuilder().withReplicas(alive.size())
                .withFullyLabeledReplicas(alive.size()).withReadyReplicas(ready).withAvailableReplicas(available)
                .withObservedGeneration(replicaSet.getMetadata().getGeneration()).build();
        if (!Objects.equals(replicaSet.getStatus(), wanted)) {
            replicaSet.setStatus(wanted);
            client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace()).resource(replicaSet).updateStatus();
        }
        return alive.stream().anyMatch(p -> Kubelet.isReady(p) && clock.isWaitingForAvailability(p, minReadySeconds, now));
    }

    private Pod createPod(ReplicaSet replicaSet) {
        var template = replicaSet.getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(replicaSet.getMetadata().getName() + "-" + suffix())
                    .withNamespace(replicaSet.getMetadata().getNamespace())
                    .withLabels(template.getMetadata() == null ? null : template.getMetadata().getLabels())
                    .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                    .withOwnerReferences(Ownership.controllerReference(replicaSet))
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private static String suffix() {
        StringBuilder out = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            out.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
        }
        return out.toString();
    }
}
