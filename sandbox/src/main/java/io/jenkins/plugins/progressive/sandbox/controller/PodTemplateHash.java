package io.jenkins.plugins.progressive.sandbox.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code pod-template-hash} of a Deployment's pod template, as the Deployment controller computes it: a 32-bit
 * FNV-1a hash, printed in decimal and mapped onto Kubernetes' "safe" alphabet (no vowels, no look-alikes). The
 * template is serialised canonically (sorted keys) so the same template always hashes the same.
 */
final class PodTemplateHash {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private PodTemplateHash() {
    }

    static String of(PodTemplateSpec template) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(Serialization.asJson(template));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pod template does not serialise to JSON", e);
        }
        byte[] canonical = canonical(tree).getBytes(StandardCharsets.UTF_8);
        int hash = 0x811c9dc5;
        for (byte b : canonical) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        String decimal = Integer.toUnsignedString(hash);
        StringBuilder encoded = new StringBuilder(decimal.length());
        for (char c : decimal.toCharArray()) {
            encoded.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return encoded.toString();
    }

    private static String canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            StringBuilder out = new StringBuilder("{");
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isNull()) {
                    continue;
                }
                out.append('"').append(name).append("\":").append(canonical(value)).append(',');
            }
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            node.forEach(element -> out.append(canonical(element)).append(','));
            return out.append(']').toString();
        }
        return node.toString();
    }
}
