package io.jenkins.plugins.progressive.engine.flags;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@link FlagDefinition} in flagd's key order: state, variants, defaultVariant, targeting, metadata. */
final class FlagJson {

    private FlagJson() {
    }

    static ObjectNode toNode(FlagDefinition flag) {
        ObjectNode node = JsonValues.MAPPER.createObjectNode();
        node.put("state", flag.state().name());
        node.set("variants", JsonValues.toNode(flag.variants()));
        if (flag.defaultVariant() != null) {
            node.put("defaultVariant", flag.defaultVariant());
        }
        if (flag.targeting() != null) {
            node.set("targeting", JsonValues.toNode(flag.targeting()));
        }
        if (!flag.metadata().isEmpty()) {
            node.set(FlagSetReader.METADATA, JsonValues.toNode(flag.metadata()));
        }
        flag.otherKeys().forEach((key, value) -> node.set(key, JsonValues.toNode(value)));
        return node;
    }
}
