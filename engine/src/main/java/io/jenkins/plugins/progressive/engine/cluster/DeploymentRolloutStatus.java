package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Decides whether a Deployment's rollout is done with exactly the logic of {@code kubectl rollout status}
 * (kubectl's {@code DeploymentStatusViewer}), so a pipeline and an operator at a terminal never disagree:
 * <ol>
 *   <li>the controller must have observed the latest generation;</li>
 *   <li>a Progressing condition with reason {@code ProgressDeadlineExceeded} is a failure;</li>
 *   <li>then it waits for all desired replicas to be updated, for old replicas to terminate, and for the updated
 *       replicas to be available.</li>
 * </ol>
 * kubectl prints the same words, so they are reused verbatim in the log.
 */
public final class DeploymentRolloutStatus {

    static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private DeploymentRolloutStatus() {
    }

    public static RolloutStatus of(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int updated = count(status.getUpdatedReplicas());
        int total = count(status.getReplicas());
        int available = count(status.getAvailableReplicas());
        int ready = count(status.getReadyReplicas());
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        if (generation > observed) {
            return waiting("Waiting for deployment spec update to be observed...", desired, updated, ready, available, total);
        }
        boolean deadlineExceeded = status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Progressing".equals(c.getType()) && DEADLINE_EXCEEDED.equals(c.getReason()));
        if (deadlineExceeded) {
            return new RolloutStatus(RolloutPhase.FAILED, "deployment \"" + name + "\" exceeded its progress deadline",
                    desired, updated, ready, available, total);
        }
        String prefix = "Waiting for deployment \"" + name + "\" rollout to finish: ";
        if (updated < desired) {
            return waiting(prefix + updated + " out of " + desired + " new replicas have been updated...",
                    desired, updated, ready, available, total);
        }
        if (total > updated) {
            return waiting(prefix + (total - updated) + " old replicas are pending termination...",
                    desired, updated, ready, available, total);
        }
        if (available < updated) {
            return waiting(prefix + available + " of " + updated + " updated replicas are available...",
                    desired, updated, ready, available, total);
        }
        return new RolloutStatus(RolloutPhase.COMPLETE, "deployment \"" + name + "\" successfully rolled out",
                desired, updated, ready, available, total);
    }

    private static RolloutStatus waiting(String message, int desired, int updated, int ready, int available, int total) {
        return new RolloutStatus(RolloutPhase.WAITING, message, desired, updated, ready, available, total);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
