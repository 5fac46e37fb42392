package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** Each branch of kubectl's rollout-status decision, with kubectl's own words. */
class DeploymentRolloutStatusTest {

    @Test
    void waitsUntilTheControllerHasObservedTheLatestSpec() {
        RolloutStatus status = DeploymentRolloutStatus.of(deployment(3, 2L, 1L, 3, 3, 3, null));
        assertThat(status.phase()).isEqualTo(RolloutPhase.WAITING);
        assertThat(status.message()).isEqualTo("Waiting for deployment spec update to be observed...");
    }

    @Test
    void progressDeadlineExceededIsAFailureEvenWhenSomeReplicasAreUpdated() {
        RolloutStatus status = DeploymentRolloutStatus.of(deployment(3, 2L, 2L, 1, 4, 3, "ProgressDeadlineExceeded"));
        assertThat(status.phase()).isEqualTo(RolloutPhase.FAILED);
        assertThat(status.message()).isEqualTo("deployment \"web\" exceeded its progress deadline");
        assertThat(status.isDone()).isTrue();
    }

    @Test
    void waitsForNewReplicasThenOldOnesToTerminateThenAvailability() {
        assertThat(DeploymentRolloutStatus.of(deployment(4, 2L, 2L, 1, 5, 4, "ReplicaSetUpdated")).message())
                .isEqualTo("Waiting for deployment \"web\" rollout to finish: 1 out of 4 new replicas have been updated...");
        assertThat(DeploymentRolloutStatus.of(deployment(4, 2L, 2L, 4, 5, 4, "ReplicaSetUpdated")).message())
                .isEqualTo("Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...");
        assertThat(DeploymentRolloutStatus.of(deployment(4, 2L, 2L, 4, 4, 3, "ReplicaSetUpdated")).message())
                .isEqualTo("Waiting for deployment \"web\" rollout to finish: 3 of 4 updated replicas are available...");
    }

    @Test
    void completeWhenAllReplicasAreUpdatedAndAvailableAndNoOldOnesRemain() {
        RolloutStatus status = DeploymentRolloutStatus.of(deployment(4, 3L, 3L, 4, 4, 4, "NewReplicaSetAvailable"));
        assertThat(status.phase()).isEqualTo(RolloutPhase.COMPLETE);
        assertThat(status.message()).isEqualTo("deployment \"web\" successfully rolled out");
        assertThat(status).extracting(RolloutStatus::desired, RolloutStatus::updated, RolloutStatus::available,
                RolloutStatus::total).containsExactly(4, 4, 4, 4);
    }

    @Test
    void aDeploymentWithoutStatusIsWaitingNotComplete() {
        Deployment fresh = new DeploymentBuilder().withNewMetadata().withName("web").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
        assertThat(DeploymentRolloutStatus.of(fresh).phase()).isEqualTo(RolloutPhase.WAITING);
    }

    private static Deployment deployment(int replicas, long generation, long observed, int updated, int total,
            int available, String progressingReason) {
        DeploymentBuilder builder = new DeploymentBuilder()
                .withNewMetadata().withName("web").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withReplicas(total)
                    .withAvailableReplicas(available).withReadyReplicas(available).endStatus();
        if (progressingReason != null) {
            builder.editStatus().addNewCondition().withType("Progressing")
                    .withStatus("ProgressDeadlineExceeded".equals(progressingReason) ? "False" : "True")
                    .withReason(progressingReason).endCondition().endStatus();
        }
        return builder.build();
    }
}
