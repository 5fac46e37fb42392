package io.jenkins.plugins.progressive.engine.progress.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The JSON form of a {@link RolloutSnapshot}: times as ISO-8601 instants, every field present (null when unknown), in
 * the order {@code docs/progress.md} lists them.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A page of a newer plugin may read an older snapshot and vice versa: fields only ever get added.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SnapshotJson() {
    }

    public static String write(RolloutSnapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a snapshot is plain data and always serializes", e);
        }
    }

    /**
     * Reads a snapshot of this schema version.
     *
     * @throws IllegalArgumentException when the text is not a snapshot, or one of another schema version
     */
    public static RolloutSnapshot read(String json) {
        RolloutSnapshot snapshot;
        try {
            snapshot = MAPPER.readValue(json, RolloutSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a rollout snapshot: " + e.getOriginalMessage(), e);
        }
        if (snapshot.schemaVersion() != RolloutSnapshot.SCHEMA_VERSION) {
            throw new IllegalArgumentException("rollout snapshot schema version " + snapshot.schemaVersion()
                    + " is not supported; this engine reads version " + RolloutSnapshot.SCHEMA_VERSION);
        }
        return snapshot;
    }
}
