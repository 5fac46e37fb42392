package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Traffic weights over time, from the strategies' {@link RolloutEvent.TrafficShifted} events; not thread-safe, the
 * {@link SnapshotRecorder} guards it. Both versions are named in every sample, so a reader never has to infer the
 * old version's share.
 */
final class TrafficLog {

    /** Like the replica samples: a rollout that shifts traffic every second for hours keeps its shape. */
    static final int MAX_SAMPLES = 1000;

    private final String routing;
    private final String newVersion;
    private final String oldVersion;
    private final List<RolloutSnapshot.TrafficSample> samples = new ArrayList<>();

    TrafficLog(String routing, String newVersion, String oldVersion) {
        this.routing = routing;
        this.newVersion = newVersion;
        this.oldVersion = oldVersion;
    }

    /**
     * Records a shift. The first one also records where traffic stood when the rollout started (all on the old
     * version), so the chart begins at the start and not at the first move.
     */
    void shift(RolloutEvent.TrafficShifted event, Instant startedAt) {
        if (samples.isEmpty() && startedAt.isBefore(event.time())) {
            samples.add(sample(startedAt, 0, null));
        }
        String marker = event.shift() == RolloutEvent.TrafficShifted.Shift.STEP ? null
                : event.shift().name().toLowerCase(Locale.ROOT);
        append(sample(event.time(), event.percent(), marker));
    }

    /** Takes over the samples of a snapshot taken before a controller restart, within the same bound. */
    void seed(List<RolloutSnapshot.TrafficSample> earlier) {
        earlier.forEach(this::append);
    }

    /**
     * Marks where the controller restarted, at the weights in force then (they did not move: every strategy re-attaches
     * without touching traffic); nothing before the first shift, when the chart has nothing to mark.
     */
    void restart(Instant at) {
        if (!samples.isEmpty()) {
            append(new RolloutSnapshot.TrafficSample(at, samples.get(samples.size() - 1).weights(), "restart"));
        }
    }

    private void append(RolloutSnapshot.TrafficSample sample) {
        samples.add(sample);
        if (samples.size() > MAX_SAMPLES) {
            // Markers are the moments a reader looks for: never thinned away.
            for (int i = samples.size() - 2; i > 0; i -= 2) {
                if (samples.get(i).marker() == null) {
                    samples.remove(i);
                }
            }
        }
    }

    /** The share the new version had last, or null before any shift. */
    Integer lastPercent() {
        return samples.isEmpty() ? null : (int) samples.get(samples.size() - 1).weights().get(0).percent();
    }

    RolloutSnapshot.Traffic toTraffic() {
        return routing == null && samples.isEmpty() ? RolloutSnapshot.Traffic.NONE
                : new RolloutSnapshot.Traffic(routing, samples);
    }

    private RolloutSnapshot.TrafficSample sample(Instant time, int percent, String marker) {
        return new RolloutSnapshot.TrafficSample(time, List.of(new RolloutSnapshot.Weight(newVersion, percent),
                new RolloutSnapshot.Weight(oldVersion, 100 - percent)), marker);
    }
}
