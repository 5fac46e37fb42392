package io.jenkins.plugins.progressive.engine.analysis.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The vectors {@code reference_vectors.py} (next to them in the test resources) computed once with scipy and numpy;
 * CI has no Python, so they are committed.
 */
final class ReferenceVectors {

    private ReferenceVectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = ReferenceVectors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /** An interval end: JSON null stands for an unbounded end. */
    static double bound(JsonNode node, double unbounded) {
        return node.isNull() ? unbounded : node.asDouble();
    }
}
