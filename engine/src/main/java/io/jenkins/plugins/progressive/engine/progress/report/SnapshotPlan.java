package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SnapshotRecorder} knows before the first event: what is rolled out, from which version to which, the
 * stops on the track, and the metric checks (for their conditions, which measurements do not repeat).
 *
 * @param strategy {@code rolling}, {@code canary} or {@code blue-green}
 * @param target what is rolled out, where
 * @param fromVersion the version serving now, or null when not known
 * @param toVersion the version being rolled out
 * @param track the stops, in order
 * @param checks the metric checks the gates run (may be empty)
 * @param routing how traffic is split ({@code service-selector}, {@code gateway-api}, ...), or null when the rollout
 *     routes nothing itself (rolling)
 */
public record SnapshotPlan(String strategy, RolloutSnapshot.Target target, String fromVersion, String toVersion,
        List<PlannedStep> track, List<MetricCheck> checks, String routing) {

    /** A plan of a rollout that routes no traffic itself. */
    public SnapshotPlan(String strategy, RolloutSnapshot.Target target, String fromVersion, String toVersion,
            List<PlannedStep> track, List<MetricCheck> checks) {
        this(strategy, target, fromVersion, toVersion, track, checks, null);
    }

    public SnapshotPlan {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(toVersion, "toVersion");
        track = List.copyOf(track);
        checks = List.copyOf(checks);
    }
}
