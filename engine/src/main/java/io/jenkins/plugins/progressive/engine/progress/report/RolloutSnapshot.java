package io.jenkins.plugins.progressive.engine.progress.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the progress page and the report show about one rollout, at one moment. Serialized as JSON by
 * {@link SnapshotJson}; the format is versioned ({@link #SCHEMA_VERSION}) and documented field by field in
 * {@code docs/progress.md}. Fields are only ever added within a version; a renamed or removed field is a new version.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param strategy {@code rolling}, {@code canary} or {@code blue-green}
 * @param target what is rolled out, where
 * @param fromVersion the version serving before, or null when not known
 * @param toVersion the version being rolled out
 * @param state where the rollout stands
 * @param startedAt when it started
 * @param updatedAt when the last event arrived
 * @param finishedAt when it ended, null while it runs
 * @param activity what the engine is doing now (its last phase)
 * @param reason the final sentence with the numbers that decided it, null while running
 * @param steps the track, in order; a rollback appears as a last step only once it starts
 * @param replicas replica counts over time (thinned evenly when very long)
 * @param checks metric checks and their measurements
 * @param warnings things worth attention that did not stop the rollout
 * @param traffic traffic weights over time; no routing for a rolling update
 * @param approvals approval gates: pending and decided
 * @param flagChanges feature-flag changes made by the rollout
 * @param events the log: phases, decisions and warnings (the newest {@link #MAX_EVENTS})
 * @param eventsDropped how many older events the log no longer holds
 */
public record RolloutSnapshot(int schemaVersion, String strategy, Target target, String fromVersion, String toVersion,
        RolloutState state, Instant startedAt, Instant updatedAt, Instant finishedAt, Activity activity, String reason,
        List<TrackStep> steps, List<ReplicaSample> replicas, List<CheckSeries> checks, List<Note> warnings,
        Traffic traffic, List<Approval> approvals, List<FlagChange> flagChanges, List<Event> events, int eventsDropped) {

    /** The version of the JSON format this class writes. */
    public static final int SCHEMA_VERSION = 1;

    /** How many events the log keeps; a long analysis measures often, and the page is polled. */
    public static final int MAX_EVENTS = 2000;

    public RolloutSnapshot {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(toVersion, "toVersion");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        steps = List.copyOf(steps);
        replicas = List.copyOf(replicas);
        checks = List.copyOf(checks);
        warnings = List.copyOf(warnings);
        traffic = traffic == null ? Traffic.NONE : traffic;
        approvals = List.copyOf(approvals);
        flagChanges = List.copyOf(flagChanges);
        events = List.copyOf(events);
    }

    /**
     * This snapshot as a viewer who may not decide approvals sees it: no approval is actionable, so the live page
     * shows no Approve/Reject buttons. The plugin serves this copy to everyone but the approvers (the engine knows no
     * users or permissions).
     */
    public RolloutSnapshot withoutActions() {
        return actionableFor(id -> false);
    }

    /**
     * This snapshot as a viewer sees it who may decide only some of the pending approvals (a step may name its own
     * approvers for each gate): the others show no buttons.
     *
     * @param mayDecide whether the viewer may decide the approval with this id
     */
    public RolloutSnapshot actionableFor(java.util.function.Predicate<String> mayDecide) {
        return new RolloutSnapshot(schemaVersion, strategy, target, fromVersion, toVersion, state, startedAt, updatedAt,
                finishedAt, activity, reason, steps, replicas, checks, warnings, traffic,
                approvals.stream().map(a -> a.actionable() && mayDecide.test(a.id()) ? a : a.notActionable()).toList(),
                flagChanges, events, eventsDropped);
    }

    /**
     * What is rolled out, where.
     *
     * @param kind the workload's kind, e.g. {@code Deployment}
     * @param name the workload's name
     * @param namespace its namespace
     * @param cluster the configured cluster's name, or null for the default one
     * @param service the service the metrics are labelled with
     * @param images the new images, {@code container=image}
     */
    public record Target(String kind, String name, String namespace, String cluster, String service,
            List<String> images) {
        public Target {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            images = List.copyOf(images);
        }
    }

    /**
     * The engine's current phase, e.g. {@code verify} with {@code batch 2 of 3: checking the new version}.
     *
     * @param phase the phase's name
     * @param message what it does, in words
     * @param since when it began
     */
    public record Activity(String phase, String message, Instant since) {
    }

    /**
     * A timed sentence.
     *
     * @param time when
     * @param text what
     */
    public record Note(Instant time, String text) {
    }

    /**
     * One entry of the log.
     *
     * @param time when
     * @param kind {@code phase}, {@code decision}, {@code warning}, or {@code restart} (the controller restarted and
     *     the recording continued)
     * @param phase the engine's phase at the time
     * @param text the engine's sentence
     * @param positive for decisions, whether it speaks for going on; else null
     */
    public record Event(Instant time, String kind, String phase, String text, Boolean positive) {
    }

    /**
     * Traffic weights over time.
     *
     * @param routing how traffic is split ({@code gateway-api}, {@code istio}, {@code nginx}, {@code service-selector},
     *     {@code replica-ratio}), or null when the rollout does not route traffic itself
     * @param samples weights per version over time
     */
    public record Traffic(String routing, List<TrafficSample> samples) {
        /** A rolling update: traffic follows the ready pods, nothing is routed. */
        public static final Traffic NONE = new Traffic(null, List.of());

        public Traffic {
            samples = List.copyOf(samples);
        }
    }

    /**
     * The weights at one moment.
     *
     * @param time when they were set
     * @param weights percent of traffic per version (summing to 100)
     * @param marker {@code promotion}, {@code rollback}, {@code restart} (the controller restarted there), or null
     */
    public record TrafficSample(Instant time, List<Weight> weights, String marker) {
        public TrafficSample {
            weights = List.copyOf(weights);
        }
    }

    /**
     * One version's share of traffic.
     *
     * @param version the version
     * @param percent 0..100
     */
    public record Weight(String version, double percent) {
    }

    /**
     * An approval gate.
     *
     * @param gate what is asked, e.g. {@code Switch web to green?} (the request's title)
     * @param state {@code pending}, {@code approved}, {@code rejected}, {@code timed-out}, or {@code cancelled} (the
     *     rollout ended, or the controller restarted, before anyone decided)
     * @param requestedAt when the rollout stopped for it
     * @param decidedAt when it was decided, or null
     * @param by who decided, or null (also for a timeout)
     * @param comment what they wrote, or null
     * @param approvers who may decide, as configured (users or groups); empty means whoever may run the job
     * @param id the request's id, unique within the rollout and URL-safe: what a decision is posted for
     * @param facts what is being approved, one line each (versions, slot, images)
     * @param actionable whether a person can decide it now: pending, and (in the plugin's copy) the viewer may
     */
    public record Approval(String gate, String state, Instant requestedAt, Instant decidedAt, String by, String comment,
            List<String> approvers, String id, List<String> facts, boolean actionable) {
        public Approval {
            approvers = List.copyOf(approvers);
            facts = facts == null ? List.of() : List.copyOf(facts);
        }

        Approval notActionable() {
            return new Approval(gate, state, requestedAt, decidedAt, by, comment, approvers, id, facts, false);
        }
    }

    /**
     * A feature-flag change.
     *
     * @param time when it was written
     * @param flag the flag's key
     * @param before its definition before, in words (e.g. {@code off for everyone})
     * @param after its definition after
     * @param preview who gets which variant afterwards, in words
     */
    public record FlagChange(Instant time, String flag, String before, String after, String preview) {
    }
}
