package io.jenkins.plugins.progressive.engine.progress.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stop on a rollout's track: a rolling batch (10%, 50%, 100%), a canary weight, a blue/green phase (deploy,
 * checks, approval, switch, watch, scale down), a migration hook, or the rollback.
 *
 * @param id stable within the snapshot, e.g. {@code batch-2}
 * @param kind what sort of stop it is
 * @param label what a person reads on the track, e.g. {@code 50%} or {@code switch}
 * @param percent share of replicas on the new version after a rolling batch, else null
 * @param weight share of traffic on the new version at a canary step, else null
 * @param state how far it got
 * @param startedAt when it began, null while pending
 * @param finishedAt when it ended, null until then
 * @param outcome one sentence on how it ended, null until then
 * @param decisions the checks decided at this stop, in order
 * @param detail what the stop does, in words (e.g. {@code pause 60 s}), or null when the label says it all; added
 *     within schema version 1
 */
public record TrackStep(String id, Kind kind, String label, Integer percent, Integer weight, State state,
        Instant startedAt, Instant finishedAt, String outcome, List<Decision> decisions, String detail) {

    public TrackStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(state, "state");
        decisions = List.copyOf(decisions);
    }

    /**
     * The sorts of stop; the JSON names are part of schema version 1. {@code pause}, {@code analysis},
     * {@code approval}, {@code route} and {@code flag-gate} (the canary's other steps) were added within version 1: a
     * reader shows a kind it does not know by its label and detail.
     */
    public enum Kind {
        BATCH("batch"), WEIGHT("weight"), PHASE("phase"), HOOK("hook"), ROLLBACK("rollback"),
        PAUSE("pause"), ANALYSIS("analysis"), APPROVAL("approval"), ROUTE("route"), FLAG_GATE("flag-gate");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** How far a stop got; the JSON names are part of schema version 1. */
    public enum State {
        /** Not reached (yet). */
        PENDING("pending"),
        /** The rollout is here now. */
        RUNNING("running"),
        /** Done and every deciding check passed. */
        PASSED("passed"),
        /** A check failed here, or the step itself failed. */
        FAILED("failed"),
        /** The rollout stopped here for a human. */
        HALTED("halted");

        private final String json;

        State(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /**
     * A check that decided something at this stop: a health check, a metric measurement, the analysis verdict, a hook.
     *
     * @param time when
     * @param text the engine's sentence, with the numbers
     * @param positive whether it speaks for going on
     */
    public record Decision(Instant time, String text, boolean positive) {
        public Decision {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(text, "text");
        }
    }
}
