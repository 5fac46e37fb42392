package io.jenkins.plugins.progressive.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A rollout's snapshot (the page's JSON) in a file of its own under the build's directory,
 * {@code progressive-delivery/<rollout id>.json}. Kept out of {@code build.xml}: a snapshot is rewritten every few
 * seconds while gates measure, and grows with the measurements; rewriting the whole build record each time would make
 * {@code build.xml} megabytes and every save slow. Written to a temporary file and moved into place, so a reader (the
 * page, a resumed step after a crash) sees the old snapshot or the new one, never half of one.
 */
final class SnapshotFile {
    static final String FOLDER = "progressive-delivery";

    private final Path path;

    SnapshotFile(Path buildDirectory, String rolloutId) {
        this.path = buildDirectory.resolve(FOLDER).resolve(rolloutId + ".json");
    }

    Path path() {
        return path;
    }

    synchronized void write(String json) {
        try {
            Files.createDirectories(path.getParent());
            Path temporary = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temporary, json, StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the rollout snapshot " + path, e);
        }
    }

    /** The snapshot, or null when none was written. */
    String read() {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the rollout snapshot " + path, e);
        }
    }

    boolean exists() {
        return Files.isRegularFile(path);
    }
}
