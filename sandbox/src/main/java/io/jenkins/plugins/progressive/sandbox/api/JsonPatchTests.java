package io.jenkins.plugins.progressive.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The {@code test} operations of a JSON patch (RFC 6902), evaluated against the stored object as the API server does:
 * the whole patch is refused with 422 Unprocessable Entity and nothing changes when one fails (kube-apiserver applies
 * a JSON patch atomically and answers an apply error with 422). The mock server's store would throw instead; this
 * answers first, like the real server.
 */
final class JsonPatchTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonPatchTests() {
    }

    /** Why the patch's tests fail on {@code stored}, or empty if they pass (or it has none, or cannot be read). */
    static Optional<String> failure(String patch, String stored) {
        try {
            JsonNode operations = JSON.readTree(patch);
            if (operations == null || !operations.isArray()) {
                return Optional.empty();
            }
            JsonNode object = null;
            for (JsonNode operation : operations) {
                if (!"test".equals(operation.path("op").asText())) {
                    continue;
                }
                if (object == null) {
                    object = JSON.readTree(stored);
                }
                String pointer = operation.path("path").asText();
                JsonNode found = object.at(pointer);
                if (found.isMissingNode() || !found.equals(operation.get("value"))) {
                    return Optional.of("testing value " + pointer + " failed: test failed");
                }
            }
            return Optional.empty();
        } catch (java.io.IOException notJson) {
            return Optional.empty(); // the store answers a malformed patch itself
        }
    }
}
