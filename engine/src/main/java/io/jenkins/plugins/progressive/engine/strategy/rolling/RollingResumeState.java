package io.jenkins.plugins.progressive.engine.strategy.rolling;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What a rolling update left on its Deployment for a successor: who holds it, the batch it was in, the revision an
 * undo goes back to, and the Deployment's own strategy before the batches changed it (an undo restores that).
 */
record RollingResumeState(String holder, int batch, long previousRevision, DeploymentStrategy strategy) {

    /** The state {@code holder} left, or null when the Deployment carries none of theirs. */
    static RollingResumeState read(Deployment deployment, String holder) {
        if (deployment == null || deployment.getMetadata().getAnnotations() == null) {
            return null;
        }
        String json = deployment.getMetadata().getAnnotations().get(DeploymentChanges.STATE);
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = Serialization.jsonMapper().readTree(json);
            if (!holder.equals(node.path("holder").asText())) {
                return null;
            }
            DeploymentStrategy strategy = node.hasNonNull("strategy")
                    ? Serialization.jsonMapper().treeToValue(node.get("strategy"), DeploymentStrategy.class) : null;
            return new RollingResumeState(holder, node.path("batch").asInt(1), node.path("previousRevision").asLong(0),
                    strategy);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The Deployment as it was before this rollout changed its strategy, for the undo. */
    Deployment original(Deployment current) {
        Deployment copy = Serialization.clone(current);
        if (strategy != null) {
            copy.getSpec().setStrategy(strategy);
        }
        return copy;
    }
}
