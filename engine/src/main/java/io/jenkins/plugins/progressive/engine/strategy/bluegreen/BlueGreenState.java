package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release's state, mirrored on the target slot's Deployment as an annotation so that a new engine instance can
 * resume: who releases, how far it got, from which slot to which. Each phase is recorded before the writes it
 * announces, so a resumed release continues that phase ({@link BlueGreenResume}) and never goes back to an earlier one.
 */
record BlueGreenState(String holder, String phase, Slot from, Slot to) {

    static final String ANNOTATION = "progressive.jenkins.io/bluegreen";
    /** The target slot gets the new images and the preview Service; nothing live has changed. */
    static final String DEPLOYING = "deploying";
    /** Checks passed and the switch was approved: the active Services move to the target. */
    static final String SWITCHING = "switching";
    /** The watch passed: the old slot is scaled down after the delay, then the post hook runs. */
    static final String PROMOTED = "promoted";
    /** The watch failed or was aborted: the Services go back to the old slot, the target is scaled down. */
    static final String SWITCHING_BACK = "switching back";
    /** Stopped before the switch: the target is scaled down, live never changed. */
    static final String NOT_PROMOTED = "not promoted";

    BlueGreenState in(String next) {
        return new BlueGreenState(holder, next, from, to);
    }

    String toJson() {
        // Sorted keys: the same state is the same text in every engine instance, so an equal record is never rewritten.
        return Serialization.asJson(new TreeMap<>(Map.of("holder", holder, "phase", phase, "from", from.label(),
                "to", to.label())));
    }

    /** The state this holder left on the Deployment, or null (none, unreadable, or someone else's). */
    static BlueGreenState read(Deployment deployment, String holder) {
        Map<String, String> annotations = deployment == null ? null : deployment.getMetadata().getAnnotations();
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
