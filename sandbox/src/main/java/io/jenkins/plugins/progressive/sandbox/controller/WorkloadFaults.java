package io.jenkins.plugins.progressive.sandbox.controller;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected per container image (e.g. {@code shop/web:2.0}): how its pods behave and how its Jobs end.
 * A pod's behaviour is decided by its first container's image; images without an entry are healthy.
 */
public final class WorkloadFaults {

    private final Map<String, PodBehaviour> pods = new ConcurrentHashMap<>();
    private final Map<String, JobOutcome> jobs = new ConcurrentHashMap<>();

    public void podsOf(String image, PodBehaviour behaviour) {
        pods.put(requireImage(image), Objects.requireNonNull(behaviour, "behaviour"));
    }

    public void jobsOf(String image, JobOutcome outcome) {
        jobs.put(requireImage(image), Objects.requireNonNull(outcome, "outcome"));
    }

    public void clear() {
        pods.clear();
        jobs.clear();
    }

    PodBehaviour podBehaviour(String image) {
        return image == null ? PodBehaviour.healthy() : pods.getOrDefault(image, PodBehaviour.healthy());
    }

    JobOutcome jobOutcome(String image) {
        return image == null ? JobOutcome.SUCCEED : jobs.getOrDefault(image, JobOutcome.SUCCEED);
    }

    private static String requireImage(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image must not be blank");
        }
        return image;
    }
}
