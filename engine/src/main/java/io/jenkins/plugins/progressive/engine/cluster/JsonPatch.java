package io.jenkins.plugins.progressive.engine.cluster;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6902 JSON patch. The engine writes workloads with JSON patches rather than read-modify-write updates:
 * controllers write status all the time, so an update carrying a resourceVersion loses races and answers 409, while a
 * patch that names exactly the fields it changes does not conflict with them. {@code add} replaces an existing member.
 */
public final class JsonPatch {

    private final List<Map<String, Object>> operations = new ArrayList<>();

    /** Sets a member, creating or replacing it (the parent must exist). */
    public JsonPatch set(String path, Object value) {
        return operation("add", path, value);
    }

    /** Replaces a member that must exist (an array element, for instance). */
    public JsonPatch replace(String path, Object value) {
        return operation("replace", path, value);
    }

    /** Removes a member that must exist. */
    public JsonPatch remove(String path) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "remove");
        op.put("path", path);
        operations.add(op);
        return this;
    }

    private JsonPatch operation(String name, String path, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", name);
        op.put("path", path);
        op.put("value", value);
        operations.add(op);
        return this;
    }

    /**
     * This patch without the operations that would leave {@code current} as it is: members already holding the value
     * to set, members already absent that are to be removed. Empty when the whole patch has taken effect already, which
     * a resumed rollout uses to leave out a write that had landed before its engine stopped. Only the order of
     * the remaining operations is kept; an operation after a changing one is compared with {@code current} as read,
     * which is right for the patches the engine writes (no operation reads what an earlier one of it wrote).
     */
    public JsonPatch against(Object current) {
        JsonNode object = Serialization.jsonMapper().valueToTree(current);
        JsonPatch effective = new JsonPatch();
        for (Map<String, Object> op : operations) {
            JsonNode there = object.at(JsonPointer.compile((String) op.get("path")));
            boolean noEffect = "remove".equals(op.get("op")) ? there.isMissingNode()
                    : !there.isMissingNode() && there.equals(Serialization.jsonMapper().valueToTree(op.get("value")));
            if (!noEffect) {
                effective.operations.add(op);
            }
        }
        return effective;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    public String toJson() {
        return Serialization.asJson(operations);
    }

    public PatchContext context() {
        return PatchContext.of(PatchType.JSON);
    }

    /** Escapes a map key for a JSON pointer ({@code kubernetes.io/change-cause} → {@code kubernetes.io~1change-cause}). */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
