package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each pod was first seen and when it became ready, in milliseconds. Kubernetes timestamps have one-second
 * resolution, too coarse for a pod that starts in 200 ms, so the simulator keeps its own clock per pod uid.
 */
final class PodClock {

    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> readySince = new ConcurrentHashMap<>();

    long createdAt(Pod pod, long now) {
        return created.computeIfAbsent(pod.getMetadata().getUid(), uid -> now);
    }

    void markReady(Pod pod, long now) {
        readySince.putIfAbsent(pod.getMetadata().getUid(), now);
    }

    void markNotReady(Pod pod) {
        readySince.remove(pod.getMetadata().getUid());
    }

    /** Whether the pod has been ready for at least {@code minReadySeconds}. */
    boolean isAvailable(Pod pod, int minReadySeconds, long now) {
        Long since = readySince.get(pod.getMetadata().getUid());
        return since != null && now - since >= minReadySeconds * 1000L;
    }

    /** Whether the pod is ready but still inside its {@code minReadySeconds}: time alone will change it. */
    boolean isWaitingForAvailability(Pod pod, int minReadySeconds, long now) {
        Long since = readySince.get(pod.getMetadata().getUid());
        return since != null && now - since < minReadySeconds * 1000L;
    }

    /** Forgets pods that no longer exist. */
    void retain(Iterable<Pod> pods) {
        Set<String> alive = new HashSet<>();
        pods.forEach(p -> alive.add(p.getMetadata().getUid()));
        created.keySet().retainAll(alive);
        readySince.keySet().retainAll(alive);
    }
}
