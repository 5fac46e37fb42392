package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves every active Service to a slot: one merge patch of {@code spec.selector.slot} each, guarded by the
 * resourceVersion read just before (someone else's change in between is a conflict, not overwritten). All or
 * nothing: if one Service cannot be switched, those already switched go back.
 */
final class ServiceSwitch {

    /** A conflict means someone else edits the Service right now; a few fresh attempts ride that out. */
    private static final int ATTEMPTS = 3;

    private ServiceSwitch() {
    }

    static void to(KubernetesClient client, String namespace, List<String> services, Slot target) {
        List<String> switched = new ArrayList<>();
        for (String name : services) {
            try {
                if (switchOne(client, namespace, name, target)) {
                    switched.add(name);
                }
            } catch (RuntimeException e) {
                for (String back : switched) {
                    try {
                        patch(client, namespace, back, Map.of("spec", Map.of("selector", Map.of(BlueGreenTopology.SLOT,
                                target.other().label()))));
                    } catch (RuntimeException ignored) {
                        // The failure below names the Service that could not be switched; a human has to look.
                    }
                }
                throw new RolloutFailure("error", "switching Service " + name + " to " + target.label() + " failed ("
                        + RolloutFailure.describe(e) + "); " + (switched.isEmpty() ? "nothing was switched"
                        : "switched back " + String.join(", ", switched)));
            }
        }
    }

    /**
     * Switches one Service; true if this call changed it. An error does not say whether the write landed (an answer
     * lost on the wire after the API server applied it, then a repeat refused with 409 because the first attempt had
     * changed the resourceVersion), so after any error the Service is read again and what it selects decides: the
     * target slot means switched; a conflict with the selector still elsewhere means someone else changed the Service,
     * and the switch is tried again on what is there now.
     */
    private static boolean switchOne(KubernetesClient client, String namespace, String name, Slot target) {
        for (int attempt = 1; ; attempt++) {
            Service current = client.services().inNamespace(namespace).withName(name).get();
            if (target.label().equals(BlueGreenTopology.selector(current).get(BlueGreenTopology.SLOT))) {
                return attempt > 1; // already there: a resumed release must not switch twice
            }
            try {
                patch(client, namespace, name, Map.of("metadata", Map.of("resourceVersion",
                                current.getMetadata().getResourceVersion()),
                        "spec", Map.of("selector", Map.of(BlueGreenTopology.SLOT, target.label()))));
                return true;
            } catch (RuntimeException e) {
                Service after = client.services().inNamespace(namespace).withName(name).get();
                if (target.label().equals(BlueGreenTopology.selector(after).get(BlueGreenTopology.SLOT))) {
                    return true;
                }
                boolean conflict = e instanceof KubernetesClientException k && k.getCode() == 409;
                if (!conflict || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void patch(KubernetesClient client, String namespace, String name, Map<String, Object> merge) {
        client.services().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(merge));
    }
}
