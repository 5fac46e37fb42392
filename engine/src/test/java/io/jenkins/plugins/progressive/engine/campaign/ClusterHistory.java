package io.jenkins.plugins.progressive.engine.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.sandbox.api.ApiWrites;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rollout did to the cluster, read from the API server's write log ({@link ApiWrites}): for every object the
 * engine wrote, the states its writes left, in order. Two projections of each state:
 * <ul>
 *   <li>the <em>behaviour</em>: spec, labels and annotations without the engine's bookkeeping
 *       ({@code progressive.jenkins.io/*}) and without what the control plane or the store set (revision annotations,
 *       resource versions, status). Its sequence of changes is what users and traffic see, and must not depend on
 *       where the engine was killed;</li>
 *   <li>the <em>object</em>: the same with the bookkeeping, to find writes that changed nothing at all.</li>
 * </ul>
 * Leases and pods are left out: a lease is the lifecycle's own, pods are the control plane's.
 */
final class ClusterHistory {

    private static final String OURS = "progressive.jenkins.io/";
    /** Map keys sorted, so that two equal objects project to the same text. */
    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = Serialization.jsonMapper().copy()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** One applied write: whose, which object, and the object as it left it. */
    record Entry(String agent, String method, String object, String behaviour, String state) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final String namespace;

    private ClusterHistory(String namespace) {
        this.namespace = namespace;
    }

    static ClusterHistory of(List<ApiWrites.Write> writes, String namespace) {
        ClusterHistory history = new ClusterHistory(namespace);
        writes.stream().filter(ApiWrites.Write::applied).forEach(history::add);
        return history;
    }

    private void add(ApiWrites.Write write) {
        String[] path = write.path().split("/");
        int at = indexOf(path, "namespaces");
        if (at < 0 || path.length < at + 3) {
            return;
        }
        String resource = path[at + 2];
        if (resource.equals("leases") || resource.equals("pods") || path.length > at + 4) {
            return; // the lifecycle's lease, the control plane's pods, subresources
        }
        JsonNode result = parse(write.result());
        String name = path.length > at + 3 ? path[at + 3]
                : result == null ? "?" : result.path("metadata").path("name").asText("?");
        String object = resource + "/" + name;
        if ("DELETE".equals(write.method()) || result == null || "Status".equals(result.path("kind").asText())) {
            entries.add(new Entry(write.agent(), write.method(), object, "deleted", "deleted"));
            return;
        }
        entries.add(new Entry(write.agent(), write.method(), object, normalize(project(result, false)), normalize(project(result, true))));
    }

    /** Names that differ from namespace to namespace only: the namespace, and template hashes of images naming it. */
    private String normalize(String json) {
        return json.replace(namespace, "NS").replaceAll("\"pod-template-hash\":\"[a-z0-9]+\"", "\"pod-template-hash\":\"H\"");
    }

    /** Every object's behaviour changes, in order (a write that left the behaviour as it was adds nothing). */
    Map<String, List<String>> changes() {
        Map<String, List<String>> changes = new LinkedHashMap<>();
        for (Entry entry : entries) {
            List<String> states = changes.computeIfAbsent(entry.object(), k -> new ArrayList<>());
            if (states.isEmpty() || !states.get(states.size() - 1).equals(entry.behaviour())) {
                states.add(entry.behaviour());
            }
        }
        return changes;
    }

    /** The writes that left their object exactly as the previous write had left it. */
    List<String> repeats() {
        Map<String, String> last = new LinkedHashMap<>();
        List<String> repeats = new ArrayList<>();
        for (Entry entry : entries) {
            String before = last.put(entry.object(), entry.state());
            if (Objects.equals(before, entry.state())) {
                repeats.add(entry.agent() + " rewrote " + entry.object() + " unchanged: " + entry.state());
            }
        }
        return repeats;
    }

    /** Each object's last behaviour. */
    Map<String, String> last() {
        Map<String, String> last = new LinkedHashMap<>();
        changes().forEach((object, states) -> last.put(object, states.get(states.size() - 1)));
        return last;
    }

    /** The writes, one a line, for a reader matching k to a write. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            text.append(String.format(java.util.Locale.ROOT, "%3d %-6s %-28s %s%n", i + 1, entry.method(), entry.object(),
                    entry.state().length() > 160 ? entry.state().substring(0, 160) + "…" : entry.state()));
        }
        return text.toString();
    }

    int writes() {
        return entries.size();
    }

    private static String project(JsonNode object, boolean withBookkeeping) {
        ObjectNode projected = Serialization.jsonMapper().createObjectNode();
        projected.set("spec", object.path("spec").deepCopy());
        if (projected.get("spec") instanceof ObjectNode spec) {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        }
        projected.set("labels", object.path("metadata").path("labels").deepCopy());
        ObjectNode annotations = Serialization.jsonMapper().createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = object.path("metadata").path("annotations").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            boolean bookkeeping = key.startsWith(OURS);
            boolean controlPlane = key.startsWith("deployment.kubernetes.io/") || key.equals(OURS + "lease-term");
            if (!controlPlane && (withBookkeeping || !bookkeeping)) {
                annotations.set(key, field.getValue());
            }
        }
        projected.set("annotations", annotations);
        try {
            return SORTED.writeValueAsString(Serialization.jsonMapper().convertValue(projected, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Serialization.jsonMapper().readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static int indexOf(String[] parts, String part) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals(part)) {
                return i;
            }
        }
        return -1;
    }
}
