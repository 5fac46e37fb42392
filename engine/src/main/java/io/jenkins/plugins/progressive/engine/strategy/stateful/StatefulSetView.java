package io.jenkins.plugins.progressive.engine.strategy.stateful;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.jenkins.plugins.progressive.engine.cluster.JsonPatch;
import java.util.Map;

/**
 * Reading a StatefulSet's status the way {@code kubectl rollout status} does, and the JSON-patch operations that
 * set its partition and the rollout state (creating the parents a StatefulSet may lack).
 */
final class StatefulSetView {

    private StatefulSetView() {
    }

    /** The controller has seen the latest spec (its status is about this generation). */
    static boolean observed(StatefulSet s) {
        return s.getStatus() != null && s.getStatus().getObservedGeneration() != null
                && s.getMetadata().getGeneration() != null
                && s.getStatus().getObservedGeneration() >= s.getMetadata().getGeneration();
    }

    /** Every pod runs the update revision: the controller made it the current one. */
    static boolean settled(StatefulSet s) {
        return observed(s) && s.getStatus().getUpdateRevision() != null
                && s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision());
    }

    static int updated(StatefulSet s) {
        return intOf(s.getStatus().getUpdatedReplicas());
    }

    static int ready(StatefulSet s) {
        return intOf(s.getStatus().getReadyReplicas());
    }

    static int intOf(Integer value) {
        return value == null ? 0 : value;
    }

    static void partition(JsonPatch patch, StatefulSet current, int value) {
        if (current.getSpec().getUpdateStrategy() == null) {
            patch.set("/spec/updateStrategy", Map.of("type", "RollingUpdate", "rollingUpdate",
                    Map.of("partition", value)));
        } else if (current.getSpec().getUpdateStrategy().getRollingUpdate() == null) {
            patch.set("/spec/updateStrategy/rollingUpdate", Map.of("partition", value));
        } else {
            patch.set("/spec/updateStrategy/rollingUpdate/partition", value);
        }
    }

    static void annotate(JsonPatch patch, StatefulSet current, StatefulState state) {
        if (current.getMetadata().getAnnotations() == null) {
            patch.set("/metadata/annotations", Map.of(StatefulState.ANNOTATION, state.json()));
        } else {
            patch.set("/metadata/annotations/" + JsonPatch.escape(StatefulState.ANNOTATION), state.json());
        }
    }
}
