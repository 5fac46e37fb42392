package io.jenkins.plugins.progressive.engine.progress.report;

import java.util.Objects;
import java.util.Set;

/**
 * A stop a strategy will make, told to the {@link SnapshotRecorder} up front so the track shows what is still to come.
 * The recorder moves to it when the engine enters one of its phases.
 *
 * @param id stable id, e.g. {@code batch-2}
 * @param kind what sort of stop
 * @param label what a person reads, e.g. {@code 50%}
 * @param percent replica share after a rolling batch, else null
 * @param weight traffic weight of a canary step, else null
 * @param startsOn the engine phase names ({@code RolloutEvent.PhaseChanged#phase}) that mean this stop began
 * @param optional shown only once reached (a rollback is not a plan, it is a possibility)
 * @param detail what the stop does in words, e.g. {@code route header x-beta=1 to the canary}, or null
 */
public record PlannedStep(String id, TrackStep.Kind kind, String label, Integer percent, Integer weight,
        Set<String> startsOn, boolean optional, String detail) {

    /** A stop whose label says it all. */
    public PlannedStep(String id, TrackStep.Kind kind, String label, Integer percent, Integer weight,
            Set<String> startsOn, boolean optional) {
        this(id, kind, label, percent, weight, startsOn, optional, null);
    }

    public PlannedStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        startsOn = Set.copyOf(startsOn);
    }
}
