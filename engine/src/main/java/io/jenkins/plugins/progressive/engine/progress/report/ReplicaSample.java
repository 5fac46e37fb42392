package io.jenkins.plugins.progressive.engine.progress.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The workload's replica counts at one moment, as the Deployment's status reported them, plus how many replicas run
 * which version.
 *
 * @param time when the counts were observed
 * @param step the id of the track step the rollout was at, or null before the first
 * @param desired {@code spec.replicas}
 * @param updated replicas on the current pod template (the new version; during a rollback, the restored one)
 * @param ready ready replicas, all versions
 * @param available available replicas, all versions
 * @param total all replicas, all versions
 * @param versions replicas per version, the current template's version first
 */
public record ReplicaSample(Instant time, String step, int desired, int updated, int ready, int available, int total,
        List<VersionCount> versions) {

    public ReplicaSample {
        Objects.requireNonNull(time, "time");
        versions = List.copyOf(versions);
    }

    /**
     * Replicas of one version.
     *
     * @param version the version (usually the image tag)
     * @param replicas how many pods run it
     */
    public record VersionCount(String version, int replicas) {
        public VersionCount {
            Objects.requireNonNull(version, "version");
        }
    }
}
