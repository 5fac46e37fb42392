package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A JSON patch (RFC 6902) of an object the user owns, computed from the version the router read. List elements can
 * only be addressed by index (a JSON merge patch would replace whole lists), and an index is only right for the
 * version it was computed from; so the first operation sets {@code metadata.resourceVersion} to the version read, which
 * the API server takes as a precondition: if anybody changed the object meanwhile the patch fails with 409 Conflict
 * and changes nothing, and {@link #retryingConflicts} reads again and recomputes.
 */
final class GuardedPatch {

    /** A conflict means someone else edits the object right now; a few fresh attempts ride that out. */
    static final int ATTEMPTS = 5;

    private final List<Map<String, Object>> operations = new ArrayList<>();

    GuardedPatch(String resourceVersion) {
        operation("replace", "/metadata/resourceVersion", resourceVersion);
    }

    /** Sets an object member, or inserts into a list before {@code index} (path {@code .../list/index}). */
    GuardedPatch add(String path, Object value) {
        return operation("add", path, value);
    }

    GuardedPatch remove(String path) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "remove");
        op.put("path", path);
        operations.add(op);
        return this;
    }

    /** Whether the patch changes nothing beyond the guard, so it need not be sent. */
    boolean isEmpty() {
        return operations.size() == 1;
    }

    String toJson() {
        return Serialization.asJson(operations);
    }

    static PatchContext context() {
        return PatchContext.of(PatchType.JSON);
    }

    /**
     * Runs a read-compute-write attempt until it does not end in 409 Conflict.
     *
     * @param object what is written, for the message when every attempt conflicts
     */
    static <T> T retryingConflicts(String object, Supplier<T> attempt) {
        for (int i = 1;; i++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                if (i == ATTEMPTS) {
                    throw new TrafficRouterException(object + " was changed by someone else during each of " + ATTEMPTS
                            + " attempts (409 Conflict); nothing was written by this router, try again");
                }
            }
        }
    }

    private GuardedPatch operation(String name, String path, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", name);
        op.put("path", path);
        op.put("value", value);
        operations.add(op);
        return this;
    }
}
