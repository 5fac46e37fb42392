package io.jenkins.plugins.progressive.sandbox.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Prometheus {@code file_sd} target list: one group per pod, labelled with namespace,
 * pod, service and version. Prometheus re-reads the file on change, so it is always replaced in
 * one step (temp file + rename) and never seen half written.
 */
final class FileSdWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    FileSdWriter(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    synchronized void write(Collection<PodEndpoint> endpoints) {
        List<Map<String, Object>> groups = endpoints.stream()
                .sorted(Comparator.comparing(PodEndpoint::key))
                .map(FileSdWriter::group)
                .toList();
        try {
            Files.createDirectories(file.getParent());
            // The temp name must not match the *.json glob Prometheus watches.
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), groups);
                move(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Prometheus targets to " + file, e);
        }
    }

    synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Prometheus targets file " + file, e);
        }
    }

    private void move(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Map<String, Object> group(PodEndpoint endpoint) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", endpoint.namespace());
        labels.put("pod", endpoint.name());
        // Same values as the pod's own labels (namespace/pod on its resource series, service/version on
        // the app's); the scrape config honors the pod's labels on a clash, so nothing is renamed exported_*.
        labels.put("service", endpoint.service());
        labels.put("version", endpoint.version());
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("targets", List.of(endpoint.hostAndPort()));
        group.put("labels", labels);
        return group;
    }
}
