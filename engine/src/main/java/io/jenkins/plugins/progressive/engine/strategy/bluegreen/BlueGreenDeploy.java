package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisRun;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisVerdict;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict;
import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.cluster.RolloutConflictException;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.hooks.HookRunIds;
import io.jenkins.plugins.progressive.engine.hooks.JobRunner;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import io.jenkins.plugins.progressive.engine.strategy.RolloutLifecycle;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome.Result;
import io.jenkins.plugins.progressive.engine.strategy.RolloutStop;
import io.jenkins.plugins.progressive.engine.strategy.StepVerification;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A blue/green release as explicit phases, each a non-blocking step on the shared scheduler:
 * <pre>
 * read slots (adopt) ─ lock ─ pre-hook ─ deploy idle ─ checks via preview ─ approval ─ switch ─ watch ─ scale old down ─ post-hook
 *        └── refused          (any failure or abort before the switch: idle scaled down, live untouched)
 *                                                      (failure or abort in the watch: switch back in one write per Service)
 * </pre>
 * The live slot is always read from the Services. The target slot's Deployment carries the release's state, each phase
 * recorded before its writes, and every write is left out when its effect is already there. A new engine instance with
 * the same holder (the engine was killed after any of its writes) continues the recorded phase from what the cluster
 * holds ({@link BlueGreenResume}): it never deploys again after the switch was decided, never switches twice or back
 * and forth, and finishes a scale-down or switch back that had begun.
 */
public final class BlueGreenDeploy {
    /** How long a slot that lost the traffic keeps its pods after the selector write, for the proxies to apply it. */
    static final Duration ROUTE_SETTLE = Duration.ofSeconds(2);


    private static final JobRunner TEST_JOBS = new JobRunner();

    private final BlueGreenPlan plan;
    private final RolloutContext context;
    private final ApprovalGate approvals;
    private final BlueGreenSlots slots;
    private final RolloutJournal journal;
    /** Ends every wait: an abort, or the lease lost. */
    private final RolloutStop stop;
    private final CompletableFuture<RolloutOutcome> outcome;
    private final RolloutLifecycle lifecycle;
    private volatile boolean switched;
    /** The slot this release deploys to or switches to, once known: what a failure before the switch scales down. */
    private volatile Slot releasingTo;

    private BlueGreenDeploy(BlueGreenPlan plan, RolloutContext context, ApprovalGate approvals) {
        this.lifecycle = new RolloutLifecycle(context, "bluegreen");
        this.plan = plan;
        this.context = lifecycle.context();
        this.stop = lifecycle.stop();
        this.approvals = approvals == null ? ApprovalGate.AUTOMATIC : approvals;
        this.slots = new BlueGreenSlots(this.context, plan);
        this.journal = lifecycle.journal();
        this.outcome = run().thenApplyAsync(this::finish, this.context.scheduler());
    }

    /** Starts the release; {@link #outcome()} completes with how it ended, never exceptionally. */
    public static BlueGreenDeploy start(BlueGreenPlan plan, RolloutContext context, ApprovalGate approvals) {
        return new BlueGreenDeploy(plan, context, approvals);
    }

    public CompletableFuture<RolloutOutcome> outcome() {
        return outcome;
    }

    /** Stops the release: before the switch the new slot is scaled down; after it, traffic goes back. */
    public void abort(String reason) {
        stop.abort(reason);
    }

    private CompletableFuture<RolloutOutcome> run() {
        Executor steps = context.scheduler();
        BlueGreenTopology topology = new BlueGreenTopology(context.client(), plan);
        BlueGreenTopology.State state;
        BlueGreenState record;
        try {
            enter("preflight", "reading the slots of " + plan.namespace() + "/" + plan.app());
            String unmeasured = BlueGreenPreflight.refusal(context, plan);
            if (unmeasured != null) {
                return done(Result.REFUSED, unmeasured, null);
            }
            // Losing it ends every wait; failed() and the watch then stop without touching the slots or the Services.
            lifecycle.takeLease(plan.namespace(), "BlueGreen", plan.app(), plan.holder());
            if (topology.needsAdoption()) {
                // No release has a record yet: the first one goes to green, which adoption does not create.
                return slots.adopt(topology).thenComposeAsync(ignored -> release(topology.read(null), null), steps)
                        .exceptionallyComposeAsync(this::failed, steps);
            }
            record = topology.record();
            state = topology.read(BlueGreenResume.liveWhileMixed(record));
        } catch (BlueGreenTopology.Inconsistent | RolloutConflictException e) {
            return done(Result.REFUSED, e.getMessage(), null);
        } catch (RuntimeException e) {
            return done(Result.REFUSED, "nothing was changed: " + RolloutFailure.describe(e), null);
        }
        return release(state, record).exceptionallyComposeAsync(this::failed, steps);
    }

    /** The release from where this holder's record and the Services say it is ({@link BlueGreenResume}). */
    private CompletableFuture<RolloutOutcome> release(BlueGreenTopology.State state, BlueGreenState record) {
        Executor steps = context.scheduler();
        BlueGreenResume.Step step = BlueGreenResume.decide(record, state.live());
        switch (step) {
            case WATCH -> {
                // The Services already point at this release's slot: watch it, never switch a second time.
                switched = true;
                enter("resume", "the Services already route to " + record.to().label() + "; resuming the watch");
                return watch(record.from(), record.to());
            }
            case FINISH -> {
                switched = true;
                enter("resume", record.to().label() + " had passed its watch before the restart; finishing the release");
                return promote(record.from(), record.to());
            }
            case SWITCH_BACK -> {
                switched = true;
                enter("resume", "the release was switching back to " + record.from().label() + " before the restart; "
                        + "finishing that");
                return switchBack(record.from(), record.to(), "the release was switching back when its engine stopped", null);
            }
            case STOP -> {
                enter("resume", "the release had been stopped before its switch; finishing that");
                return notPromoted(record.to(), "the release had been stopped before its switch when its engine stopped");
            }
            case SWITCH -> {
                // Checked and approved before the restart: the switch goes on, nothing is deployed or asked again.
                releasingTo = record.to();
                enter("resume", "the switch to " + record.to().label() + " had been approved before the restart; switching");
                return abortable(slots.available(record.to()))
                        .thenComposeAsync(ignored -> switchTo(record.from(), record.to()), steps);
            }
            default -> {
                // A fresh release, or a deploy cut off: its writes that took effect are found and left out below.
            }
        }
        Slot to = state.idle();
        Slot from = state.live();
        if (record != null) {
            enter("resume", "resuming the deploy to " + to.label() + " after a restart");
        }
        return BlueGreenHooks.pre(context, plan)
                .thenComposeAsync(ignored -> {
                    releasingTo = to;
                    return abortable(slots.deploy(state, to));
                }, steps)
                .thenComposeAsync(ignored -> abortable(checks(to, from)), steps)
                .thenComposeAsync(ignored -> abortable(BlueGreenApprovals.ask(context, approvals, plan, from, to)), steps)
                .thenComposeAsync(approval -> approval.approved() ? switchTo(from, to)
                        : notPromoted(to, "the switch to " + to.label() + " was " + approval.describe()), steps);
    }

    /** The switch, recorded before the Services are written, then the watch. */
    private CompletableFuture<RolloutOutcome> switchTo(Slot from, Slot to) {
        enter("switch", "switching " + String.join(", ", plan.activeServices()) + " from " + from.label() + " to " + to.label());
        slots.annotate(to, new BlueGreenState(plan.holder(), BlueGreenState.SWITCHING, from, to));
        ServiceSwitch.to(context.client(), plan.namespace(), plan.activeServices(), to);
        switched = true;
        journal.traffic(100, RolloutEvent.TrafficShifted.Shift.PROMOTION, to.label() + " is live");
        decision("live traffic now goes to " + to.label() + " (" + slots.images(to) + ")", true);
        return watch(from, to);
    }

    /** Health checks through the preview Service and the pre-promotion gates, new slot against the live one. */
    private CompletableFuture<Void> checks(Slot target, Slot from) {
        enter("pre-promotion checks", "checking " + target.label() + " through " + plan.previewService());
        return StepVerification.verify(context, plan.namespace(), "pre-promotion", slots.previewChecks(),
                plan.prePromotion(), slots.target(target, plan.prePromotion() != null && plan.prePromotion().isComparative()
                        ? from : null))
                .thenComposeAsync(ignored -> previewTest(target, from), context.scheduler());
    }

    /** The preview test Job, if the plan has one; it must complete before anyone is asked to switch. */
    private CompletableFuture<Void> previewTest(Slot target, Slot from) {
        if (plan.previewTest() == null) {
            return CompletableFuture.completedFuture(null);
        }
        AnalysisTarget versions = slots.target(target, from);
        Map<String, String> env = Map.of("NAMESPACE", plan.namespace(), "PREVIEW_SERVICE", plan.previewService(),
                "ACTIVE_SERVICE", plan.activeServices().get(0), "PREVIEW_VERSION", versions.version(),
                "ACTIVE_VERSION", versions.baselineVersion());
        String runId = HookRunIds.of(plan.holder(), plan.namespace(), plan.app()) + "-preview";
        return TEST_JOBS.run(context.client(), plan.namespace(), plan.previewTest(), runId, context.scheduler(), env)
                .thenAccept(outcome -> {
                    decision("preview test: " + outcome.summary(), outcome.succeeded());
                    if (!outcome.succeeded()) {
                        throw new RolloutFailure("test", "the preview test Job did not pass, " + target.label()
                                + " was not switched to: " + outcome.summary());
                    }
                });
    }

    /** The post-switch window: gates on the live version; a failure or abort switches back at once. */
    private CompletableFuture<RolloutOutcome> watch(Slot from, Slot target) {
        if (plan.postSwitch() == null) {
            return promote(from, target);
        }
        enter("watch", "watching " + target.label() + " with " + plan.postSwitch().checks().size() + " gate(s)");
        AtomicReference<Instant> firstBad = new AtomicReference<>();
        AnalysisListener listener = new AnalysisListener() {
            @Override
            public void onMeasurement(Measurement m) {
                StepVerification.forward(context, m);
                if (m.verdict() == MeasurementVerdict.FAIL && !m.dryRun()) {
                    firstBad.compareAndSet(null, m.time());
                }
                decision("watch: gate " + m.check() + ": " + m.verdict() + " — " + m.explanation(),
                        m.verdict() == MeasurementVerdict.PASS);
            }
        };
        AnalysisRun run = AnalysisRun.start(plan.postSwitch(), slots.target(target, null), context.prometheus(),
                context.scheduler(), context.clock(), listener, context.metrics());
        stop.whenStopped(run::stop);
        return run.result().thenComposeAsync(result -> {
            if (lifecycle.leaseLost()) {
                return lost();
            }
            if (result.verdict() == AnalysisVerdict.PASS && !stop.isStopped()) {
                return promote(from, target);
            }
            String why = stop.isStopped() ? stop.reason() : "post-switch gates " + result.verdict() + ": " + result.reason();
            context.metrics().rolledBack("bluegreen", stop.isStopped() ? "aborted" : "gate");
            return switchBack(from, target, why, firstBad.get());
        }, context.scheduler());
    }

    /**
     * Traffic back to {@code from} in one write per Service, recorded first; {@code target} scaled down once the
     * switch has reached every proxy. A resumed switch back finds the writes that took effect and leaves them out.
     */
    private CompletableFuture<RolloutOutcome> switchBack(Slot from, Slot target, String why, Instant firstBad) {
        enter("switching back", why + "; switching " + String.join(", ", plan.activeServices()) + " back to "
                + from.label());
        recordBeforeUndo(target, new BlueGreenState(plan.holder(), BlueGreenState.SWITCHING_BACK, from, target));
        ServiceSwitch.to(context.client(), plan.namespace(), plan.activeServices(), from);
        Instant written = context.clock().instant();
        journal.traffic(0, RolloutEvent.TrafficShifted.Shift.ROLLBACK, from.label() + " is live again");
        Duration took = firstBad == null ? null : Duration.between(firstBad, written);
        // The failed slot keeps its pods while the switch reaches every proxy (kube-proxy, a mesh): scaled down
        // at once, it would take the requests still routed to it along. The outcome follows the scale-down, so
        // nothing is written after it.
        CompletableFuture<Void> settled = new CompletableFuture<>();
        context.scheduler().schedule(() -> settled.complete(null), ROUTE_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        return settled.thenComposeAsync(ignored -> {
            slots.scale(target, 0);
            return done(Result.SWITCHED_BACK, why + "; switched back to " + from.label() + (took == null ? ""
                    : String.format(Locale.ROOT, " %d ms after the first failing measurement", took.toMillis())),
                    from, took);
        }, context.scheduler());
    }

    /**
     * Records an undo (switch back, scale-down) before its writes. Best effort: the undo protects live traffic and goes
     * on without its record; a resumed engine then finds the phase before it and judges again from there.
     */
    private void recordBeforeUndo(Slot slot, BlueGreenState state) {
        try {
            slots.annotate(slot, state);
        } catch (RuntimeException e) {
            decision("could not record '" + state.phase() + "' on " + plan.deployment(slot) + " ("
                    + RolloutFailure.describe(e) + "); going on without it", false);
        }
    }

    /**
     * The watch passed: recorded before the old slot is scaled down, so a resumed release only finishes the scale-down
     * (if it had not landed) and the post hook, never watches or switches again.
     */
    private CompletableFuture<RolloutOutcome> promote(Slot from, Slot target) {
        slots.annotate(target, new BlueGreenState(plan.holder(), BlueGreenState.PROMOTED, from, target));
        CompletableFuture<Void> scaledDown = new CompletableFuture<>();
        if (plan.scaleDownDelay().isZero()) {
            decision(from.label() + " stays scaled (scaleDownDelay 0) for a fast manual switch back", true);
            scaledDown.complete(null);
        } else if (slots.scaledDown(from)) {
            scaledDown.complete(null);
        } else {
            enter("scale down", "keeping " + from.label() + " for " + plan.scaleDownDelay().toSeconds() + " s, then scaling it to 0");
            context.scheduler().schedule(() -> {
                try {
                    slots.scale(from, 0);
                    scaledDown.complete(null);
                } catch (RuntimeException e) {
                    scaledDown.completeExceptionally(e);
                }
            }, plan.scaleDownDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        String message = plan.app() + " is live on " + target.label() + " (" + slots.images(target) + ")";
        return scaledDown.thenComposeAsync(ignored -> BlueGreenHooks.post(context, plan, message, target), context.scheduler());
    }

    private CompletableFuture<RolloutOutcome> failed(Throwable error) {
        if (lifecycle.leaseLost()) {
            return lost();
        }
        Throwable cause = RolloutFailure.cause(error);
        if (cause instanceof BlueGreenHooks.Refused refused) {
            return done(Result.REFUSED, refused.getMessage(), null);
        }
        String why = stop.isStopped() ? stop.reason() : RolloutFailure.describe(cause);
        if (switched) {
            return done(Result.FAILED, why + "; the release had switched already, check which slot serves", null);
        }
        Slot idle = releasingTo;
        return idle == null ? done(Result.FAILED, why, null) : notPromoted(idle, why);
    }

    /** Another rollout may own the slots and Services now: switching back or scaling down would undo its work. */
    private CompletableFuture<RolloutOutcome> lost() {
        return done(Result.FAILED, lifecycle.lostMessage("blue/green " + plan.namespace() + "/" + plan.app()), null);
    }

    /** Stopped before the switch: recorded, then the target scaled down; live was never touched. */
    private CompletableFuture<RolloutOutcome> notPromoted(Slot target, String why) {
        try {
            if (slots.exists(target)) {
                recordBeforeUndo(target, new BlueGreenState(plan.holder(), BlueGreenState.NOT_PROMOTED, target.other(), target));
            }
            slots.scale(target, 0);
        } catch (RuntimeException e) {
            return done(Result.FAILED, why + "; scaling " + target.label() + " down failed too: " + RolloutFailure.describe(e),
                    target.other());
        }
        return done(Result.NOT_PROMOTED, why + "; " + target.label() + " was scaled down and never received live traffic",
                target.other());
    }

    /** A wait that an abort ends early (with the abort as its failure). */
    private <T> CompletableFuture<T> abortable(CompletableFuture<T> step) {
        return stop.unlessStopped(step);
    }

    private RolloutOutcome finish(RolloutOutcome result) {
        slots.stopWatchingReplicas();
        return lifecycle.finish(result);
    }

    private void enter(String phase, String message) {
        journal.phase(phase, message);
    }

    private void decision(String message, boolean positive) {
        journal.decision(message, positive);
    }

    private static CompletableFuture<RolloutOutcome> done(Result result, String message, Slot live) {
        return done(result, message, live, null);
    }

    private static CompletableFuture<RolloutOutcome> done(Result result, String message, Slot live, Duration took) {
        return CompletableFuture.completedFuture(RolloutOutcome.blueGreen(result, message, live == null ? null : live.label(), took));
    }
}
