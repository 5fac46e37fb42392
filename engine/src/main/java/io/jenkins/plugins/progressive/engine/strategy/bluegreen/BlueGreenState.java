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
    /** The target slot is being deployed and checked; the Services still point at {@code from}. */
    static final String DEPLOYING = "deploying";
    /** The Services are being moved to {@code to}. */
    static final String SWITCHING = "switching";
    /** {@code to} passed and is live; {@code from} is scaled down after the delay. */
    static final String PROMOTED = "promoted";
    /** {@code to} failed before the switch and is being scaled down; it never received live traffic. */
    static final String NOT_PROMOTED = "not-promoted";
    /** {@code to} failed its watch: the Services are being moved back to {@code from}, then {@code to} scaled down. */
    static final String SWITCHING_BACK = "switching-back";

    /** Whether this release was being undone when the state was written: a resumed engine finishes the undo. */
    boolean undoing() {
        return NOT_PROMOTED.equals(phase) || SWITCHING_BACK.equals(phase);
    }

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
