package io.jenkins.plugins.progressive.engine.strategy.stateful;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;

/**
 * The rollout's state, mirrored on the StatefulSet ({@value #ANNOTATION}): who runs it, the images to go back to, and
 * the batch it reached. A new engine instance of the same holder (a controller restart) continues from it; any other
 * holder sees an update in progress and is refused.
 *
 * @param holder the build URL that runs the rollout
 * @param previousImages container → image before the rollout
 * @param batch the batch the rollout is in (0-based)
 */
record StatefulState(String holder, Map<String, String> previousImages, int batch) {

    static final String ANNOTATION = "progressive.jenkins.io/rollout";
    private static final ObjectMapper JSON = new ObjectMapper();

    StatefulState {
        previousImages = Map.copyOf(previousImages);
    }

    StatefulState at(int newBatch) {
        return new StatefulState(holder, previousImages, newBatch);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rollout state always serializes", e);
        }
    }

    /** The state on the StatefulSet, or null when there is none or it cannot be read (then it is not ours). */
    static StatefulState read(StatefulSet statefulSet) {
        Map<String, String> annotations = statefulSet.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(ANNOTATION);
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, StatefulState.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
