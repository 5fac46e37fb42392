package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plays the kubelet: moves each pod from Pending to Running and sets its Ready condition when its image's
 * {@link PodBehaviour} says so. Pods get {@code podIP=127.0.0.1}; the sandbox's workloads serve them there.
 */
final class Kubelet {

    private final KubernetesClient client;
    private final WorkloadFaults faults;
    private final PodClock clock;
    private final Pace pace;

    Kubelet(KubernetesClient client, WorkloadFaults faults, PodClock clock, Pace pace) {
        this.client = client;
        this.faults = faults;
        this.clock = clock;
        this.pace = pace;
    }

    /**
     * Brings every pod's status up to date, writing only what changed; the pods in the list are updated in place.
     *
     * @return whether some pod will change by time alone soon (still starting)
     */
    boolean reconcile(List<Pod> pods, long now) {
        boolean busy = false;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String image = pod.getSpec().getContainers().isEmpty() ? null : pod.getSpec().getContainers().get(0).getImage();
            PodBehaviour behaviour = faults.podBehaviour(image);
            long created = clock.createdAt(pod, now);
            double factor = behaviour instanceof PodBehaviour.Slow slow ? slow.factor() : 1.0;
            long startedAt = created + (long) (pace.podReady().toMillis() * factor);
            boolean started = now >= startedAt;
            boolean ready = started && (behaviour instanceof PodBehaviour.Healthy || behaviour instanceof PodBehaviour.Slow);
            int restarts = started && behaviour instanceof PodBehaviour.CrashLooping
                    ? 1 + (int) ((now - startedAt) / 1000) : 0;
            busy |= !started;
            if (ready) {
                clock.markReady(pod, now);
            } else {
                clock.markNotReady(pod);
            }
            PodStatus wanted = status(pod, started, ready, restarts, behaviour, now);
            if (!sameObservableStatus(pod.getStatus(), wanted)) {
                pod.setStatus(wanted);
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
            }
        }
        return busy;
    }

    private static PodStatus status(Pod pod, boolean started, boolean ready, int restarts, PodBehaviour behaviour,
            long now) {
        String time = Instant.ofEpochSecond(now / 1000).toString();
        PodStatus previous = pod.getStatus();
        String startTime = previous != null && previous.getStartTime() != null ? previous.getStartTime() : time;
        String readyTransition = transitionTime(previous, "Ready", ready, time);
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", true, startTime),
                condition("Initialized", true, startTime),
                condition("ContainersReady", ready, readyTransition),
                condition("Ready", ready, readyTransition));
        List<ContainerStatus> containers = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> {
            ContainerStatusBuilder status = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(ready).withStarted(started).withRestartCount(restarts);
            if (behaviour instanceof PodBehaviour.CrashLooping && started) {
                status.withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off restarting failed container " + c.getName()).endWaiting().endState();
            } else if (started) {
                status.withNewState().withNewRunning().withStartedAt(startTime).endRunning().endState();
            } else {
                status.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState();
            }
            containers.add(status.build());
        });
        return new PodStatusBuilder().withPhase(started ? "Running" : "Pending")
                .withPodIP(started ? "127.0.0.1" : null).withHostIP("127.0.0.1").withStartTime(startTime)
                .withConditions(conditions).withContainerStatuses(containers).build();
    }

    private static PodCondition condition(String type, boolean value, String time) {
        return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False")
                .withLastTransitionTime(time).build();
    }

    private static String transitionTime(PodStatus previous, String type, boolean value, String now) {
        if (previous == null || previous.getConditions() == null) {
            return now;
        }
        return previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && (value ? "True" : "False").equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(now);
    }

    private static boolean sameObservableStatus(PodStatus current, PodStatus wanted) {
        return current != null && Objects.equals(current.getPhase(), wanted.getPhase())
                && Objects.equals(current.getConditions(), wanted.getConditions())
                && Objects.equals(current.getContainerStatuses(), wanted.getContainerStatuses());
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
