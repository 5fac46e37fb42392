package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot's own file under the build: whole snapshots only, also while a reader polls. */
class SnapshotFileTest {

    @TempDir
    Path build;

    @Test
    void aSnapshotIsWrittenUnderTheBuildAndReadBack() {
        SnapshotFile file = new SnapshotFile(build, "rollout-2");
        assertThat(file.read()).isNull();
        assertThat(file.exists()).isFalse();

        file.write("{\"schemaVersion\":1}");

        assertThat(file.path()).isEqualTo(build.resolve("progressive-delivery/rollout-2.json"));
        assertThat(file.read()).isEqualTo("{\"schemaVersion\":1}");
        file.write("{\"schemaVersion\":1,\"state\":\"succeeded\"}");
        assertThat(file.read()).isEqualTo("{\"schemaVersion\":1,\"state\":\"succeeded\"}");
    }

    @Test
    void aReaderNeverSeesHalfASnapshotAndNoTemporaryFilesStay() throws Exception {
        SnapshotFile file = new SnapshotFile(build, "rollout-1");
        String small = "{\"a\":\"" + "x".repeat(10) + "\"}";
        String large = "{\"a\":\"" + "y".repeat(2_000_000) + "\"}";
        file.write(small);
        List<String> seen = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    file.write(i % 2 == 0 ? large : small);
                }
            });
            Future<?> reader = pool.submit(() -> {
                while (!writer.isDone()) {
                    String json = file.read();
                    if (!json.equals(small) && !json.equals(large)) {
                        seen.add(json.length() + " characters");
                    }
                }
            });
            writer.get(2, TimeUnit.MINUTES);
            reader.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).as("torn reads").isEmpty();
        try (var files = Files.list(build.resolve(SnapshotFile.FOLDER))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("rollout-1.json");
        }
    }
}
