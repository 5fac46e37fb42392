package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The workload's replica counts at one moment, as the Deployment's status reported them, plus how many replicas run
 * which version. A canary or blue/green release runs its versions in two Deployments: then the counts are their sums
 * and {@code deployments} holds each one's own.
 *
 * @param time when the counts were observed
 * @param step the id of the track step the rollout was at, or null before the first
 * @param desired {@code spec.replicas}
 * @param updated replicas on the current pod template (the new version; during a rollback, the restored one)
 * @param ready ready replicas, all versions
 * @param available available replicas, all versions
 * @param total all replicas, all versions
 * @param versions replicas per version, the current template's version first (canary, blue/green: the new version)
 * @param deployments per Deployment, for canary (stable, canary) and blue/green (blue, green); empty for a rolling
 *     update, whose one Deployment these counts are
 */
public record ReplicaSample(Instant time, String step, int desired, int updated, int ready, int available, int total,
        List<VersionCount> versions, List<VersionReplicas> deployments) {

    public ReplicaSample {
        Objects.requireNonNull(time, "time");
        versions = List.copyOf(versions);
        // A snapshot written before deployments were recorded has none.
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }

    /** A rolling update's sample: one Deployment. */
    public ReplicaSample(Instant time, String step, int desired, int updated, int ready, int available, int total,
            List<VersionCount> versions) {
        this(time, step, desired, updated, ready, available, total, versions, List.of());
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
