package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.cluster.RolloutConflictException;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.MetricGatePreflight;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import io.jenkins.plugins.progressive.engine.strategy.RolloutJournal;
import io.jenkins.plugins.progressive.engine.strategy.RolloutLifecycle;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome.Result;
import io.jenkins.plugins.progressive.engine.strategy.RolloutStop;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.traffic.TrafficRouter;
import io.jenkins.plugins.progressive.engine.traffic.TrafficRouterException;
import io.jenkins.plugins.progressive.engine.traffic.TrafficRouters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A canary release as a walk through its steps, each a non-blocking stage on the shared scheduler. Any failed gate,
 * rejected approval, background-analysis failure or abort ends the walk: all traffic goes back to stable in one
 * write, the canary is scaled down, and the outcome says what failed with the numbers. After the last step the
 * canary is promoted ({@link CanaryPromotion}): traffic moves back to stable, and the canary is scaled to zero, only
 * once stable runs the new version on available pods.
 *
 * <p>The walk's progress is mirrored on the canary Deployment ({@link CanaryState}), each step, the promotion and the
 * rollback recorded <em>before</em> their writes. {@link #start} of the same plan by the same holder after a controller
 * restart continues with the step that was in progress (or finishes the promotion or rollback that was), and every
 * write first reads the object it changes and is left out when its effect is already there: the resumed walk never
 * moves traffic back to an earlier weight, never scales the canary down to scale it up again, and repeats no write
 * (see {@link CanaryResume}; the crash test kills an engine after each of its writes to hold this).
 */
public final class CanaryStage {

    private final CanaryPlan plan;
    private final RolloutContext context;
    private final ApprovalGate approvals;
    private final CanaryWorkloads workloads;
    private final RolloutJournal journal;
    /** Ends the walk's waits: an abort, the lease lost, or the background analysis failing. */
    private final RolloutStop stop;
    private final CanaryGates gates;
    private final CompletableFuture<RolloutOutcome> outcome;
    private TrafficRouter router;
    /** The lease, the journal's end and the stop, as every strategy has them. */
    private final RolloutLifecycle lifecycle;
    private volatile boolean written;
    private volatile int weight;
    /** What the cluster knows of this walk; null until the canary Deployment exists. */
    private volatile CanaryState state;
    /** The record on the canary Deployment as last read or written: a save of the same state writes nothing. */
    private volatile CanaryState recorded;
    /** The state a previous engine instance left, when this one continues its walk. */
    private CanaryState resumed;

    private CanaryStage(CanaryPlan plan, RolloutContext context, ApprovalGate approvals) {
        this.lifecycle = new RolloutLifecycle(context, "canary");
        this.plan = plan;
        this.context = lifecycle.context();
        this.stop = lifecycle.stop();
        this.approvals = approvals;
        this.workloads = new CanaryWorkloads(this.context, plan);
        this.journal = lifecycle.journal();
        this.gates = new CanaryGates(this.context, workloads, journal, () -> weight);
        this.outcome = run().thenApplyAsync(this::finish, this.context.scheduler());
    }

    /**
     * Starts the canary, or continues it when the canary Deployment carries this holder's unfinished walk of the same
     * plan (a controller restart): from the step after the last completed one, at the weight recorded. Another
     * holder's walk, or one of a different plan, has its traffic sent back to stable first and the walk starts at
     * step 1; a walk of this plan that had ended is reported as it ended.
     *
     * @param approvals who answers approval steps and pauses without a duration; null when nobody can (then such
     *     steps are refused before anything is written)
     */
    public static CanaryStage start(CanaryPlan plan, RolloutContext context, ApprovalGate approvals) {
        return new CanaryStage(plan, context, approvals);
    }

    public CompletableFuture<RolloutOutcome> outcome() {
        return outcome;
    }

    /** Stops the canary: traffic back to stable, canary scaled down. */
    public void abort(String reason) {
        stop.abort(reason);
    }

    private CompletableFuture<RolloutOutcome> run() {
        try {
            enter("preflight", "checking " + plan.namespace() + "/" + plan.app() + " and its router");
            if (workloads.readStable() == null) {
                return done(Result.REFUSED, "deployment " + plan.namespace() + "/" + plan.app() + " not found");
            }
            refuseUnanswerableSteps();
            FlagGateCheck.preflight(plan, context);
            CanaryState saved = CanaryState.read(workloads.readCanary());
            recorded = saved;
            CanaryResume.Decision decision = CanaryResume.decide(plan, saved);
            boolean continues = decision == CanaryResume.Decision.CONTINUE || decision == CanaryResume.Decision.ROLL_BACK;
            if (continues || decision == CanaryResume.Decision.STALE) {
                // The router and the canary's size follow R as that walk began, not stable's scaled-down count.
                workloads.useReplicasOfWalk(saved.replicas() > 0 ? saved.replicas() : workloads.replicas());
            }
            if (continues) {
                workloads.useStableImagesOfWalk(saved.stableImages());
            }
            router = TrafficRouters.create(new RouterSpec(plan.routerKind(), plan.routerObject(), workloads.stableService(),
                    workloads.canaryService(), plan.app(), workloads.replicas()), context.client(), plan.namespace());
            router.verify();
            if (!router.supportsHeaderRoutes() && plan.steps().stream().anyMatch(CanaryStep.SetHeaderRoute.class::isInstance)) {
                return done(Result.REFUSED, "steps: header and cookie routes need a router that matches requests (Gateway API, "
                        + "Istio or NGINX); " + router.describe() + " cannot");
            }
            if (decision == CanaryResume.Decision.NONE || decision == CanaryResume.Decision.STALE) {
                // A walk that continues (or had ended) wrote long ago: its gates were asked when it began.
                String unmeasured = MetricGatePreflight.refusal(context, CanaryPreflight.gates(plan, workloads.target()));
                if (unmeasured != null) {
                    return done(Result.REFUSED, unmeasured);
                }
            }
            lifecycle.takeLease(plan.namespace(), "Deployment", plan.app(), plan.holder());
            if (!router.exactWeights()) {
                context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), router.describe()));
            }
            written = true;
            if (decision == CanaryResume.Decision.ENDED) {
                return done(CanaryState.PROMOTED.equals(saved.phase()) ? Result.PROMOTED : Result.ROLLED_BACK,
                        CanaryResume.ended(saved));
            }
            if (decision == CanaryResume.Decision.STALE && saved.weight() > 0) {
                router.reset();
                context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), CanaryResume.stale(plan, saved)));
            }
            resumed = continues ? saved : null;
            if (resumed != null) {
                weight = resumed.weight();
            }
            workloads.prepare(resumed != null);
            save(resumed != null ? resumed : CanaryState.begin(plan, workloads.replicas(), workloads.stableImagesBefore()));
            if (decision == CanaryResume.Decision.ROLL_BACK) {
                enter("resume", "resuming after a restart: the canary was being rolled back; finishing that");
                return rollback(new RolloutFailure("restart", "the canary was being rolled back when its engine stopped"));
            }
        } catch (TrafficRouterException | RolloutConflictException | IllegalArgumentException e) {
            return written ? rollback(new RolloutFailure("error", e.getMessage())) : done(Result.REFUSED, e.getMessage());
        } catch (RuntimeException e) {
            return written ? rollback(e) : done(Result.REFUSED, "nothing was changed: " + RolloutFailure.describe(e));
        }
        return (resumed != null ? resume() : step(0)).exceptionallyComposeAsync(this::rollback, context.scheduler());
    }

    /**
     * Continues with the step in progress. Nothing is put back by writing: the completed steps' weight and header
     * routes are on the router already (setting the routes again finds them and writes nothing), and the step in
     * progress, or the promotion, goes on from what the cluster holds. Writing the recorded weight first would move
     * traffic back when that step's route write had landed before the engine died.
     */
    private CompletableFuture<RolloutOutcome> resume() {
        int next = resumed.completed();
        enter("resume", CanaryResume.describe(plan, resumed, context.clock().instant()));
        return CompletableFuture.supplyAsync(() -> {
            CanaryResume.headerRoutes(plan, next).forEach(router::setHeaderRoute);
            if (plan.background() != null && next > plan.backgroundFrom()) {
                gates.startBackground(plan.background(), stop::fail);
            }
            return next;
        }, context.scheduler()).thenComposeAsync(this::step, context.scheduler());
    }

    private void refuseUnanswerableSteps() {
        boolean asks = plan.steps().stream().anyMatch(s -> s instanceof CanaryStep.Approval
                || s instanceof CanaryStep.Pause pause && pause.duration() == null);
        if (asks && approvals == null) {
            throw new IllegalArgumentException("steps: a pause without a duration or an approval waits for a person, but "
                    + "this run has nobody to ask; give the pause a duration or run it where approvals are possible");
        }
    }

    private CompletableFuture<RolloutOutcome> step(int index) {
        if (index == plan.steps().size()) {
            return promote();
        }
        CanaryStep step = plan.steps().get(index);
        String name = "step " + (index + 1) + " of " + plan.steps().size();
        Instant now = context.clock().instant();
        Duration left = CanaryResume.remaining(resumed, index, step, now);
        Duration pauseFor = left != null ? left : step instanceof CanaryStep.Pause p ? p.duration() : null;
        save(state.at(index, pauseFor == null ? 0 : now.plus(pauseFor).toEpochMilli(), weight));
        enter(name, step.describe());
        if (index == plan.backgroundFrom() && plan.background() != null) {
            gates.startBackground(plan.background(), stop::fail);
        }
        CompletableFuture<Void> done;
        // Java 17: no pattern matching in switch yet, so the sealed steps are told apart with instanceof.
        if (step instanceof CanaryStep.SetWeight setWeight) {
            done = setWeight(setWeight.percent());
        } else if (step instanceof CanaryStep.Analysis analysis) {
            done = gates.step(name, analysis.plan());
        } else if (step instanceof CanaryStep.Pause pause) {
            done = pause.duration() == null
                    ? approve(new ApprovalRequest("step-" + (index + 1), "Continue the canary of " + plan.app() + " at "
                            + weight + "%?", List.of(), List.of(), Duration.ZERO, ApprovalRequest.Decision.REJECTED))
                    : delay(pauseFor);
        } else if (step instanceof CanaryStep.SetHeaderRoute route) {
            done = CompletableFuture.runAsync(() -> router.setHeaderRoute(route.route()), context.scheduler());
        } else if (step instanceof CanaryStep.FlagGate gate) {
            done = FlagGateCheck.check(gate, context, journal, name, weight);
        } else if (step instanceof CanaryStep.TestJob test) {
            done = CanaryTestJobs.run(test, index, plan, workloads, context, weight).thenAccept(outcome -> {
                decision(name + ": " + outcome.summary(), outcome.succeeded());
                if (!outcome.succeeded()) {
                    throw new RolloutFailure("test", name + " at " + weight + "%: the test Job did not pass: "
                            + outcome.summary());
                }
            });
        } else {
            done = approve(((CanaryStep.Approval) step).request());
        }
        return stop.unlessStopped(done).thenComposeAsync(ignored -> step(index + 1), context.scheduler());
    }

    private CompletableFuture<Void> setWeight(int percent) {
        int replicas = percent == 0 ? 0 : plan.canaryReplicas() != null ? plan.canaryReplicas()
                : (int) Math.ceil(workloads.replicas() * percent / 100.0);
        return workloads.scaleCanary(replicas).thenRunAsync(() -> {
            router.setWeight(percent);
            weight = percent;
            // Recorded with the next step (or the promotion): a restart before that runs this step again, whose scale
            // and route writes find their effect and are left out.
            journal.traffic(percent, RolloutEvent.TrafficShifted.Shift.STEP, "the canary gets " + percent + "% of requests");
            decision("traffic: " + percent + "% to the canary (" + replicas + " canary replica" + (replicas == 1 ? "" : "s")
                    + ", " + router.describe() + ")", true);
        }, context.scheduler());
    }

    private CompletableFuture<Void> approve(ApprovalRequest request) {
        enter("awaiting approval", request.title());
        journal.approvalRequested(request);
        return approvals.request(request).thenAccept(approval -> {
            journal.approvalDecided(request, approval);
            decision("approval " + approval.describe(), approval.approved());
            if (!approval.approved()) {
                throw new RolloutFailure("rejected", "the canary at " + weight + "% was " + approval.describe());
            }
        });
    }

    private CompletableFuture<Void> delay(Duration duration) {
        CompletableFuture<Void> waited = new CompletableFuture<>();
        context.scheduler().schedule(() -> waited.complete(null), duration.toMillis(), TimeUnit.MILLISECONDS);
        return waited;
    }

    private CompletableFuture<RolloutOutcome> promote() {
        gates.stopBackground();
        save(state.promoting(plan.steps().size(), weight));
        enter("promote", "the stable Deployment takes " + plan.images().get(0).image() + " while the canary serves");
        // Once stable runs the new images the canary had all traffic and the router may already be back on stable:
        // a resumed promotion goes on from there instead of sending traffic to the canary again.
        CompletableFuture<Void> full = weight == 100 || workloads.promotionBegun() ? CompletableFuture.completedFuture(null)
                : setWeight(100);
        return full.thenComposeAsync(ignored -> new CanaryPromotion(context, workloads, router).run(), context.scheduler())
                .thenApplyAsync(promoted -> {
                    weight = 100;
                    // Stable runs the new version now: all requests reach it, through the stable backend.
                    journal.traffic(100, RolloutEvent.TrafficShifted.Shift.PROMOTION,
                            "stable runs the new version and gets every request");
                    // The canary goes before the record says promoted: a restart in between finishes the promotion
                    // again (every write of it finds its effect), while a walk recorded as promoted is left alone.
                    try {
                        workloads.scaleCanaryDown();
                    } catch (RuntimeException e) {
                        // Stable serves everything on the new version: a canary left running costs pods, not traffic.
                        context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), "could not "
                                + "scale " + workloads.canaryName() + " down: " + RolloutFailure.describe(e)));
                    }
                    settle(CanaryState.PROMOTED);
                    return RolloutOutcome.canary(Result.PROMOTED, plan.app() + " runs " + plan.images().get(0).image()
                            + " on all " + CanaryWorkloads.updatedReplicas(promoted) + " stable replicas; every step passed",
                            100, null);
                }, context.scheduler());
    }

    private CompletableFuture<RolloutOutcome> rollback(Throwable error) {
        gates.stopBackground();
        if (lifecycle.leaseLost()) {
            // Another rollout may own the workload now: traffic and replicas are its business, not an undo's.
            return done(Result.FAILED, lifecycle.lostMessage("deployment " + plan.namespace() + "/" + plan.app()));
        }
        Throwable cause = RolloutFailure.cause(error);
        RolloutFailure failure = cause instanceof RolloutFailure f ? f : new RolloutFailure("error", RolloutFailure.describe(cause));
        enter("rolling back", failure.getMessage() + "; sending all traffic to stable");
        try {
            // Before the undo's first write: a restart from here on finishes the undo, never walks on.
            if (state != null) {
                save(state.rollingBack());
            }
        } catch (RuntimeException e) {
            context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), "could not record the "
                    + "rollback on " + workloads.canaryName() + ": " + RolloutFailure.describe(e)));
        }
        // The order keeps a ready pod of stable or the canary behind every route at every instant: stable first runs
        // its old version again (a promotion that failed half-way had replaced it) with its Service on its own pods;
        // then the router returns every request to it; the canary goes only once stable's R pods are available (the
        // replica-ratio router had scaled stable down as the canary grew, so they are starting now) and the route
        // write had ROUTE_SETTLE to reach the proxies.
        CompletableFuture<Void> stableBack;
        try {
            stableBack = workloads.restoreStable();
        } catch (RuntimeException e) {
            stableBack = CompletableFuture.failedFuture(e);
        }
        return stableBack.thenComposeAsync(ignored -> {
            router.reset();
            journal.traffic(0, RolloutEvent.TrafficShifted.Shift.ROLLBACK, "stable gets every request again");
            weight = 0;
            return workloads.awaitStableAvailable();
        }, context.scheduler()).thenCompose(available -> {
            Instant written = context.clock().instant();
            CompletableFuture<Instant> settled = new CompletableFuture<>();
            context.scheduler().schedule(() -> settled.complete(written), CanaryPromotion.ROUTE_SETTLE.toMillis(),
                    TimeUnit.MILLISECONDS);
            return settled;
        }).thenApplyAsync(written -> {
            Instant failed = gates.firstFailure();
            Duration took = "gate".equals(failure.reason()) && failed != null ? Duration.between(failed, written) : null;
            workloads.scaleCanaryDown();
            settle(CanaryState.ROLLED_BACK);
            context.metrics().rolledBack("canary", failure.reason());
            return RolloutOutcome.canary(Result.ROLLED_BACK, failure.getMessage() + "; all traffic is back on stable and the "
                    + "canary was scaled down" + (took == null ? "" : String.format(Locale.ROOT,
                            " (%d ms after the failing measurement)", took.toMillis())), 0, took);
        }, context.scheduler()).exceptionally(e -> RolloutOutcome.canary(Result.FAILED, failure.getMessage()
                + "; rolling back failed too: " + RolloutFailure.describe(RolloutFailure.cause(e))
                + " — check the router object and the canary Deployment", weight, null));
    }

    private RolloutOutcome finish(RolloutOutcome result) {
        workloads.stopWatchingReplicas();
        return lifecycle.finish(result);
    }

    private void save(CanaryState next) {
        if (!next.equals(recorded)) {
            workloads.record(next);
            recorded = next;
        }
        state = next;
    }

    /** The final phase is best effort: the traffic is where it must be, a failed annotation write must not undo that. */
    private void settle(String phase) {
        try {
            if (state != null) {
                save(state.ended(phase));
            }
        } catch (RuntimeException e) {
            context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), "could not record the canary's "
                    + "end on " + workloads.canaryName() + ": " + RolloutFailure.describe(e)));
        }
    }

    private void enter(String phase, String message) {
        journal.phase(phase, message);
    }

    private void decision(String message, boolean positive) {
        journal.decision(message, positive);
    }

    private CompletableFuture<RolloutOutcome> done(Result result, String message) {
        return done(result, message, null);
    }

    private CompletableFuture<RolloutOutcome> done(Result result, String message, Duration took) {
        return CompletableFuture.completedFuture(RolloutOutcome.canary(result, message, weight, took));
    }
}
