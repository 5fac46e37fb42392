package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Available} and {@code Progressing} conditions, following the Deployment controller's
 * {@code syncRolloutStatus}: progress refreshes {@code lastUpdateTime}; no progress for longer than
 * {@code progressDeadlineSeconds} turns Progressing to False with reason {@code ProgressDeadlineExceeded}; a complete
 * rollout says {@code NewReplicaSetAvailable}; a paused Deployment is Unknown and never times out.
 */
final class DeploymentConditions {

    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";

    private DeploymentConditions() {
    }

    /** What happened in this reconcile that the Progressing condition reports. */
    enum Event { NONE, NEW_REPLICA_SET_CREATED, FOUND_NEW_REPLICA_SET, PAUSED, RESUMED }

    static List<DeploymentCondition> next(Deployment deployment, DeploymentStatus next, String newReplicaSet,
            int minAvailable, Event event, Instant now) {
        DeploymentStatus previous = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        String time = Instant.ofEpochSecond(now.getEpochSecond()).toString();
        List<DeploymentCondition> conditions = new ArrayList<>();
        boolean available = value(next.getAvailableReplicas()) >= minAvailable;
        conditions.add(merge(find(previous, AVAILABLE), AVAILABLE, available ? "True" : "False",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                time, false));
        Optional<DeploymentCondition> progressing = find(previous, PROGRESSING);
        int replicas = replicas(deployment);
        String rs = "ReplicaSet \"" + newReplicaSet + "\"";
        DeploymentCondition chosen;
        if (event == Event.PAUSED || (Boolean.TRUE.equals(deployment.getSpec().getPaused()) && event == Event.NONE)) {
            chosen = merge(progressing, PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused", time, false);
        } else if (event == Event.RESUMED) {
            chosen = merge(progressing, PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed", time, false);
        } else if (isComplete(next, replicas)) {
            chosen = merge(progressing, PROGRESSING, "True", "NewReplicaSetAvailable",
                    rs + " has successfully progressed.", time, false);
        } else if (event == Event.NEW_REPLICA_SET_CREATED) {
            chosen = merge(progressing, PROGRESSING, "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + newReplicaSet + "\"", time, false);
        } else if (event == Event.FOUND_NEW_REPLICA_SET) {
            chosen = merge(progressing, PROGRESSING, "True", "FoundNewReplicaSet",
                    "Found new replica set \"" + newReplicaSet + "\"", time, false);
        } else if (madeProgress(previous, next)) {
            chosen = merge(progressing, PROGRESSING, "True", "ReplicaSetUpdated", rs + " is progressing.", time, true);
        } else if (timedOut(progressing, deadlineSeconds(deployment), now)) {
            chosen = merge(progressing, PROGRESSING, "False", "ProgressDeadlineExceeded",
                    rs + " has timed out progressing.", time, false);
        } else {
            chosen = progressing.orElseGet(() -> merge(Optional.empty(), PROGRESSING, "True", "ReplicaSetUpdated",
                    rs + " is progressing.", time, false));
        }
        conditions.add(chosen);
        return conditions;
    }

    static boolean isComplete(DeploymentStatus status, int replicas) {
        return value(status.getUpdatedReplicas()) == replicas && value(status.getReplicas()) == replicas
                && value(status.getAvailableReplicas()) == replicas;
    }

    private static boolean madeProgress(DeploymentStatus previous, DeploymentStatus next) {
        int previousOld = value(previous.getReplicas()) - value(previous.getUpdatedReplicas());
        int nextOld = value(next.getReplicas()) - value(next.getUpdatedReplicas());
        return value(next.getUpdatedReplicas()) > value(previous.getUpdatedReplicas()) || nextOld < previousOld
                || value(next.getReadyReplicas()) > value(previous.getReadyReplicas())
                || value(next.getAvailableReplicas()) > value(previous.getAvailableReplicas());
    }

    private static boolean timedOut(Optional<DeploymentCondition> progressing, int deadlineSeconds, Instant now) {
        if (progressing.isEmpty() || "NewReplicaSetAvailable".equals(progressing.get().getReason())
                || !"True".equals(progressing.get().getStatus()) && !"False".equals(progressing.get().getStatus())) {
            return false;
        }
        if ("ProgressDeadlineExceeded".equals(progressing.get().getReason())) {
            return true;
        }
        String from = progressing.get().getLastUpdateTime();
        return from != null && now.isAfter(Instant.parse(from).plusSeconds(deadlineSeconds));
    }

    /**
     * Sets a condition the way the controller's {@code SetDeploymentCondition} does: an unchanged status and reason
     * keep the old condition as it is; a new reason keeps {@code lastTransitionTime} if the status did not flip.
     * {@code refresh} is the Progressing special case: progress moves {@code lastUpdateTime} even with the same reason,
     * which is what the progress deadline is measured from.
     */
    private static DeploymentCondition merge(Optional<DeploymentCondition> previous, String type, String status,
            String reason, String message, String now, boolean refresh) {
        if (!refresh && previous.filter(p -> status.equals(p.getStatus()) && reason.equals(p.getReason())).isPresent()) {
            return previous.get();
        }
        String transition = previous.filter(p -> status.equals(p.getStatus()))
                .map(DeploymentCondition::getLastTransitionTime).orElse(now);
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).withLastUpdateTime(now).build();
    }

    private static Optional<DeploymentCondition> find(DeploymentStatus status, String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static int replicas(Deployment deployment) {
        return deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    }

    static int deadlineSeconds(Deployment deployment) {
        Integer deadline = deployment.getSpec().getProgressDeadlineSeconds();
        return deadline == null ? 600 : deadline;
    }

    private static int value(Integer count) {
        return count == null ? 0 : count;
    }
}
