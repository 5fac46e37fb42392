package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Replica counts over time, from a rolling update's one Deployment or a canary's and a blue/green release's two; not
 * thread-safe, the {@link SnapshotRecorder} guards it.
 */
final class ReplicaLog {

    /** Samples kept; beyond this every second one is dropped, so a long rollout keeps its shape. */
    static final int MAX_SAMPLES = 1000;

    private final String newVersion;
    private final String oldVersion;
    private final List<ReplicaSample> samples = new ArrayList<>();

    ReplicaLog(String newVersion, String oldVersion) {
        this.newVersion = newVersion;
        this.oldVersion = oldVersion;
    }

    /**
     * A rolling update's Deployment: its "updated" replicas run its current template, the new version until a
     * rollback puts the old template back.
     */
    void rolling(Instant time, String step, RolloutStatus status, boolean rollingBack) {
        String current = rollingBack ? oldVersion : newVersion;
        String other = rollingBack ? newVersion : oldVersion;
        add(new ReplicaSample(time, step, status.desired(), status.updated(), status.ready(), status.available(),
                status.total(), List.of(new ReplicaSample.VersionCount(current, status.updated()),
                        new ReplicaSample.VersionCount(other, Math.max(0, status.total() - status.updated())))));
    }

    /**
     * A canary's or blue/green release's Deployments: the counts are summed, and each Deployment's pods are counted
     * for the version its template runs (pods still on its previous template for that version), new version first.
     */
    void deployments(Instant time, String step, List<VersionReplicas> deployments) {
        Map<String, Integer> perVersion = new LinkedHashMap<>();
        perVersion.put(newVersion, 0);
        int desired = 0;
        int updated = 0;
        int ready = 0;
        int available = 0;
        int total = 0;
        for (VersionReplicas d : deployments) {
            perVersion.merge(d.version(), d.updated(), Integer::sum);
            if (d.previousReplicas() > 0) {
                perVersion.merge(d.previousVersion() == null ? oldVersion : d.previousVersion(), d.previousReplicas(),
                        Integer::sum);
            }
            desired += d.desired();
            updated += d.updated();
            ready += d.ready();
            available += d.available();
            total += d.total();
        }
        add(new ReplicaSample(time, step, desired, updated, ready, available, total, perVersion.entrySet().stream()
                .map(e -> new ReplicaSample.VersionCount(e.getKey(), e.getValue())).toList(), deployments));
    }

    /** Takes over the samples of a snapshot taken before a controller restart, within the same bound. */
    void seed(List<ReplicaSample> earlier) {
        earlier.forEach(this::add);
    }

    List<ReplicaSample> samples() {
        return List.copyOf(samples);
    }

    /** {@code back on 1.0: 10 of 10 replicas available}, or without the numbers before any sample. */
    String restored() {
        if (samples.isEmpty()) {
            return "back on " + oldVersion;
        }
        ReplicaSample last = samples.get(samples.size() - 1);
        return "back on " + oldVersion + ": " + last.available() + " of " + last.desired() + " replicas available";
    }

    /** Where the replicas stood at the end of a step, in words; null if none was sampled in it. */
    String during(String step) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            ReplicaSample sample = samples.get(i);
            if (step.equals(sample.step())) {
                return sample.deployments().isEmpty() ? sample.updated() + " of " + sample.desired() + " replicas on "
                        + newVersion + ", " + sample.available() + " available"
                        : sample.deployments().stream().map(d -> d.role() + " " + d.version() + ": " + d.available()
                                + " of " + d.desired() + " available").collect(Collectors.joining(", "));
            }
        }
        return null;
    }

    private void add(ReplicaSample sample) {
        samples.add(sample);
        if (samples.size() > MAX_SAMPLES) {
            for (int i = samples.size() - 2; i > 0; i -= 2) {
                samples.remove(i);
            }
        }
    }
}
