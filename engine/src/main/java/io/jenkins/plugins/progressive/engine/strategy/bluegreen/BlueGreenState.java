package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * A release's state, mirrored on the target slot's Deployment as an annotation so that a new engine instance can
 * resume: who releases, how far it got, from which slot to which.
 */
record BlueGreenState(String holder, String phase, Slot from, Slot to) {

    static final String ANNOTATION = "progressive.jenkins.io/bluegreen";

    String toJson() {
        return Serialization.asJson(Map.of("holder", holder, "phase", phase, "from", from.label(), "to", to.label()));
    }

    /** The state this holder left on the Deployment, or null (none, unreadable, or someone else's). */
    static BlueGreenState read(Deployment deployment, String holder) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(ANNOTATION);
        if (json == null) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = Serialization.unmarshal(json, Map.class);
            Slot from = Slot.of(String.valueOf(values.get("from")));
            Slot to = Slot.of(String.valueOf(values.get("to")));
            if (!holder.equals(values.get("holder")) || from == null || to == null) {
                return null;
            }
            return new BlueGreenState(holder, String.valueOf(values.get("phase")), from, to);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
