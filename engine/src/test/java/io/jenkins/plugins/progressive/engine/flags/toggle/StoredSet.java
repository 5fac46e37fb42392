package io.jenkins.plugins.progressive.engine.flags.toggle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagEvaluation;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.PreviewEvaluator;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.StoreKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/** One flag set on the sandbox, seen directly through the API (not through the store under test). */
final class StoredSet {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String NAMESPACE = "flags";

    /** Two flags, a segment, set metadata and a key of another tool: everything a change must leave alone. */
    static final String BASE = """
            {
              "x-managed-by": {"tool": "argocd"},
              "metadata": {"flagSetId": "shop"},
              "$evaluators": {"staff": {"ends_with": [{"var": "email"}, "@shop.example"]}},
              "flags": {
                "checkout": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off"},
                "banner": {"state": "ENABLED", "variants": {"blue": "#00f", "red": "#f00"}, "defaultVariant": "blue",
                           "targeting": {"if": [{"$ref": "staff"}, "red"]}, "metadata": {"owner": "web"}}
              }
            }
            """;

    final StoreKind kind;
    final KubernetesClient client;
    final String name;

    private StoredSet(StoreKind kind, KubernetesClient client, String name) {
        this.kind = kind;
        this.client = client;
        this.name = name;
    }

    /** A fresh object holding {@link #BASE}. */
    static StoredSet seeded(StoreKind kind, KubernetesClient client, String name) {
        kind.seed(client, NAMESPACE, name, BASE);
        return new StoredSet(kind, client, name);
    }

    /** No object yet. */
    static StoredSet absent(StoreKind kind, KubernetesClient client, String name) {
        return new StoredSet(kind, client, name);
    }

    FlagStore store() {
        return kind.store(client, NAMESPACE, name);
    }

    String json() {
        return kind.storedJson(client, NAMESPACE, name);
    }

    JsonNode tree() {
        try {
            return MAPPER.readTree(json());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    JsonNode flag(String key) {
        return tree().path("flags").path(key);
    }

    String resourceVersion() {
        return kind.resourceVersion(client, NAMESPACE, name);
    }

    String audit() {
        return kind.annotations(client, NAMESPACE, name).get(FlagStore.AUDIT_ANNOTATION);
    }

    FlagEvaluation evaluate(String flag, EvaluationContext user) {
        return evaluate(flag, user, Instant.parse("2026-11-26T09:00:00Z"));
    }

    FlagEvaluation evaluate(String flag, EvaluationContext user, Instant at) {
        return new PreviewEvaluator(FlagSet.parse(json()), Clock.fixed(at, ZoneOffset.UTC)).evaluate(flag, user);
    }

    /** Asserts that the stored set equals {@code before} except for the named flags and top-level sections. */
    static void assertOnlyChanged(JsonNode before, JsonNode after, Set<String> flags, String... sections) {
        ObjectNode left = before.deepCopy();
        ObjectNode right = after.deepCopy();
        for (String flag : flags) {
            ((ObjectNode) left.path("flags")).remove(flag);
            ((ObjectNode) right.path("flags")).remove(flag);
        }
        for (String section : sections) {
            left.remove(section);
            right.remove(section);
        }
        left.remove("$schema");
        right.remove("$schema");
        assertThat(right).as("everything but " + flags).isEqualTo(left);
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
