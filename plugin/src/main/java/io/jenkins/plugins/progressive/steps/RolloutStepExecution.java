package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.scm.ChangeLogSet;
import io.jenkins.plugins.progressive.BuildCluster;
import io.jenkins.plugins.progressive.ClusterConfig;
import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.notify.WebhookNotifier;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutSnapshot;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutState;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotJson;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotRecorder;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.rollout.ApproverPolicy;
import io.jenkins.plugins.progressive.rollout.DecisionLog;
import io.jenkins.plugins.progressive.rollout.FanOut;
import io.jenkins.plugins.progressive.rollout.LiveRollout;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import io.jenkins.plugins.progressive.rollout.RolloutAction;
import io.jenkins.plugins.progressive.rollout.RolloutNotifications;
import io.jenkins.plugins.progressive.rollout.RolloutRuntime;
import io.jenkins.plugins.progressive.rollout.SnapshotSaver;
import io.jenkins.plugins.progressive.rollout.StepOutcome;
import io.jenkins.plugins.progressive.steps.args.NotifyArgs;
import io.jenkins.plugins.progressive.steps.args.PreflightArgs;
import io.jenkins.plugins.progressive.steps.args.StepArgumentException;
import io.jenkins.plugins.progressive.steps.args.StepArgumentGuard;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.scm.RunWithSCM;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one rollout step without holding an executor thread: {@link #start()} validates the arguments (a bad one fails
 * the step at once, naming the parameter, before any cluster is contacted) and hands the rollout to the runtime's
 * blocking pool; the engine's outcome completes the step later. The state that survives a restart is small — the
 * step's arguments, the cluster's name and the rollout id — and {@link #onResume()} re-attaches from the cluster, where
 * the strategies mirror their progress.
 *
 * <p>Every path ends the step: any {@link Throwable} (an {@link Error} such as {@code NoClassDefFoundError} included)
 * fails it with the cause in the build log, and {@link #stop} works in every {@link Phase}: before the first write it
 * ends the step at once (the launch, when it gets there, writes nothing); once the rollout runs it aborts it, which
 * rolls back, and the outcome ends the step when traffic is safe.
 */
public final class RolloutStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RolloutStepExecution.class.getName());
    /** How often at most a running rollout's snapshot is written to its file. */
    private static final java.time.Duration SAVE_INTERVAL = java.time.Duration.ofSeconds(5);

    private final PlannedRollout.Strategy strategy;
    private final LinkedHashMap<String, Object> arguments;
    private String rolloutId;
    private transient volatile LiveRollout live;
    private transient volatile PlannedRollout.Started started;
    private transient volatile Throwable stopCause;
    private transient volatile SnapshotSaver saver;
    private transient volatile WebhookNotifier notifier;
    private transient volatile RolloutAction action;
    private transient volatile NodePause pause;
    /** Where the execution is; guarded by {@code this} (small, non-blocking sections only). */
    private transient Phase phase;
    /** How often stop() was called while the strategy started; guarded by {@code this}. */
    private transient int stopRequests;
    /** Set by {@link #onResume()}: this execution re-attaches to a rollout that may have written already. */
    private transient boolean resuming;

    /**
     * Why a state machine: stop() can come at any time, also while the launch is opening the cluster on another thread.
     * <ul>
     *   <li>WAITING: start() returned, the launch is queued (or, after a restart, the resume is);
     *   <li>PREPARING: the launch opens the cluster and the notifier — nothing written yet;
     *   <li>STARTING: the strategy starts and may write; no abort handle yet;
     *   <li>RUNNING: the rollout runs and can be aborted;
     *   <li>ENDED: the step was completed (or is being completed by the outcome).
     * </ul>
     */
    private enum Phase { WAITING, PREPARING, STARTING, RUNNING, ENDED }

    RolloutStepExecution(StepContext context, PlannedRollout.Strategy strategy, Map<String, Object> arguments) {
        super(context);
        this.strategy = strategy;
        this.arguments = new LinkedHashMap<>(arguments);
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        PlannedRollout planned;
        ClusterConfig cluster;
        try {
            cluster = BuildCluster.select((String) arguments.get("cluster"), run);
            planned = PlannedRollout.of(strategy, arguments, BuildFacts.defaults(cluster, run));
            StepArgumentGuard.parse(strategy.functionName(), () -> NotifyArgs.of(arguments.get("notify")));
            StepArgumentGuard.parse(strategy.functionName(), () -> PreflightArgs.of(arguments.get(PreflightArgs.KEY)));
        } catch (StepArgumentException | AbortException e) {
            getContext().onFailure(new AbortException(strategy.functionName() + ": " + e.getMessage()));
            return true;
        }
        RolloutAction created = RolloutAction.attach(run, id -> new RolloutAction(id, strategy.functionName(),
                planned.target(), cluster.getName()));
        rolloutId = created.getId();
        action = created;
        RolloutRuntime.get().blocking().execute(() -> launch(run, cluster, planned, created, false));
        return false;
    }

    @Override
    public void onResume() {
        synchronized (this) {
            resuming = true;
        }
        try {
            RolloutRuntime.get().blocking().execute(this::resume);
        } catch (RuntimeException e) {
            getContext().onFailure(e);
        }
    }

    private void resume() {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            // Found first, so that whatever fails below, the build page does not say "running" forever.
            RolloutAction existing = run.getActions(RolloutAction.class).stream()
                    .filter(a -> a.getId().equals(rolloutId)).findFirst().orElse(null);
            action = existing;
            // An approval that waited when the controller stopped was cancelled by the restart: its pause ends now.
            pause().end();
            ClusterConfig cluster = BuildCluster.select((String) arguments.get("cluster"), run);
            PlannedRollout planned = PlannedRollout.of(strategy, arguments, BuildFacts.defaults(cluster, run));
            if (existing == null) {
                existing = new RolloutAction(rolloutId, strategy.functionName(), planned.target(), cluster.getName());
                run.addAction(existing);
                action = existing;
            }
            launch(run, cluster, planned, existing, true);
        } catch (Throwable e) {
            failedToStart(null, e);
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        Phase now;
        synchronized (this) {
            now = phase == null ? Phase.WAITING : phase;
            if ((now == Phase.WAITING || now == Phase.PREPARING) && !resuming) {
                phase = Phase.ENDED;
            } else if (now == Phase.WAITING || now == Phase.PREPARING) {
                // After a restart the cluster may hold a rollout under way: the launch re-attaches and aborts it, which
                // rolls it back, and the outcome ends the step. Ending it here would leave the cluster half-released.
                now = Phase.STARTING;
            }
        }
        if (now == Phase.STARTING && endIfAskedAgain()) {
            // Asked twice while the strategy still starts (e.g. a slow API server): the build ends now; the launch
            // still aborts the rollout, which rolls it back, as soon as the strategy returns.
            log("the rollout is still starting on the cluster; it is rolled back as soon as the cluster answers");
            getContext().onFailure(cause);
            return;
        }
        switch (now) {
            case WAITING, PREPARING -> {
                // Nothing was written: the step ends here, and the launch, when it gets to its first write, stops.
                RolloutAction current = action;
                if (current != null) {
                    current.update("aborted", "aborted before any change to the cluster", null);
                    save(current.getRun());
                }
                getContext().onFailure(cause);
            }
            case RUNNING -> live.abort("the build was aborted (" + cause.getMessage() + ")");
            default -> {
                // STARTING: launch() aborts the rollout as soon as it has one. ENDED: the outcome ends the step.
            }
        }
    }

    /** Moves to {@code next} unless the step was stopped (or ended) meanwhile. */
    private synchronized boolean advance(Phase from, Phase next) {
        Phase now = phase == null ? Phase.WAITING : phase;
        if (now != from) {
            return false;
        }
        phase = next;
        return true;
    }

    private synchronized boolean endIfAskedAgain() {
        if (phase != Phase.STARTING || ++stopRequests < 2) {
            return false;
        }
        phase = Phase.ENDED;
        return true;
    }

    private synchronized Phase phase() {
        return phase == null ? Phase.WAITING : phase;
    }

    private synchronized void ended() {
        phase = Phase.ENDED;
    }

    @Override
    public String getStatus() {
        return switch (phase()) {
            case WAITING, PREPARING -> "starting " + strategy.functionName();
            case STARTING -> "starting " + strategy.functionName() + " on the cluster";
            case RUNNING -> strategy.functionName() + " running";
            case ENDED -> strategy.functionName() + " ended";
        };
    }

    /** Opens the cluster and starts (or re-attaches to) the rollout; runs on the runtime's blocking pool. */
    private void launch(Run<?, ?> run, ClusterConfig config, PlannedRollout planned, RolloutAction action, boolean resumed) {
        if (!advance(Phase.WAITING, Phase.PREPARING)) {
            return;
        }
        BuildCluster cluster = null;
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            cluster = BuildCluster.open(config, run);
            BuildCluster opened = cluster;
            DecisionLog log = new DecisionLog(listener.getLogger(), strategy.functionName(), opened::redact);
            URI webhook = null;
            try {
                webhook = RolloutNotifications.webhook(NotifyArgs.of(arguments.get("notify")), run);
            } catch (AbortException e) {
                if (!resumed) {
                    throw e;
                }
                // A rollout already under way must be driven to its end: a missing webhook only silences it.
                log.line("⚠ notifications are off: " + e.getMessage());
            }
            String url = Jenkins.get().getRootUrl() == null ? null : BuildFacts.url(run) + rolloutId + "/";
            RolloutRuntime runtime = RolloutRuntime.get();
            WebhookNotifier notifier = webhook == null ? null : RolloutNotifications.notifier(webhook,
                    NotifyArgs.of(arguments.get("notify")), strategy, config.getName(), planned, run, url, runtime,
                    problem -> log.line("⚠ " + problem));
            this.notifier = notifier;
            SnapshotRecorder recorder = resumed ? planned.continuing(config.getName(), runtime.clock(), earlier(action))
                    : planned.recorder(config.getName(), runtime.clock());
            LiveRollout rollout = new LiveRollout(run.getExternalizableId(), rolloutId, runtime.scheduler(),
                    runtime.clock(), new ApproverPolicy(config.approverList(), config.isSeparationOfDuties()),
                    people(run), new LiveRollout.ApprovalEvents() {
                        @Override
                        public void waiting(ApprovalRequest request) {
                            RolloutStepExecution.this.waiting(request, log, url);
                        }

                        @Override
                        public void decided(ApprovalRequest request, Approval approval) {
                            log.line("approval '" + request.id() + "' " + approval.describe());
                            pause().end();
                        }
                    });
            SnapshotSaver saver = new SnapshotSaver(() -> SnapshotJson.write(recorder.snapshot().withoutActions()),
                    action::progress, runtime.scheduler(), runtime.blocking(), runtime.clock(), SAVE_INTERVAL);
            this.saver = saver;
            RolloutContext context = new RolloutContext(opened.client(), runtime.scheduler(), runtime.clock(),
                    opened.prometheus(), runtime.metrics(), new FanOut(log, recorder, saver, notifier))
                    .withPreflight(PreflightArgs.of(arguments.get(PreflightArgs.KEY)));
            if (!advance(Phase.PREPARING, Phase.STARTING)) {
                // Aborted while the cluster was being opened: the step has ended, nothing was written.
                log.line("aborted before any change to the cluster");
                close(opened);
                return;
            }
            log.line((resumed ? "re-attaching to " : "starting ") + planned.target() + " on cluster " + config.getName());
            if (url != null) {
                listener.hyperlink(url, "progress and approvals: " + url + "\n");
            }
            runtime.register(rollout);
            live = rollout;
            // A resumed step starts the same plan again: the engine continues this build's rollout from the cluster.
            PlannedRollout.Started running = planned.start(context, rollout);
            started = running;
            // First thing once the strategy runs: whatever happens below, its outcome ends the step.
            running.outcome().whenCompleteAsync((outcome, error) -> finish(run, action, rollout, recorder, log, opened,
                    outcome != null ? outcome : new StepOutcome(false, opened.redact(String.valueOf(error)), Map.of())),
                    runtime.blocking());
            rollout.attach(recorder, running.abort());
            advance(Phase.STARTING, Phase.RUNNING);
            if (stopCause != null) {
                running.abort().accept("the build was aborted (" + stopCause.getMessage() + ")");
            }
        } catch (Throwable e) {
            failedToStart(cluster, e);
        }
    }

    /**
     * The launch failed. Before the strategy started nothing was written and the step fails now; if the strategy was
     * already started, it is aborted (it rolls back) and its outcome ends the step.
     */
    private void failedToStart(BuildCluster cluster, Throwable error) {
        PlannedRollout.Started running = started;
        String message = describe(cluster, error);
        LOGGER.log(Level.WARNING, strategy.functionName() + " " + rolloutId + " failed to start", error);
        if (running != null) {
            log("✘ " + strategy.functionName() + " could not follow the rollout: " + message);
            running.abort().accept("the step failed: " + message);
            return;
        }
        boolean stopped;
        synchronized (this) {
            stopped = phase == Phase.ENDED;
            phase = Phase.ENDED;
        }
        LiveRollout current = live;
        if (current != null) {
            RolloutRuntime.get().unregister(current);
        }
        close(cluster);
        if (stopped) {
            // The build was aborted before the first write and the step has ended with that; nothing more to say.
            return;
        }
        log("✘ " + strategy.functionName() + " could not start: " + message);
        RolloutAction failed = action;
        if (failed != null) {
            failed.update("failed", message, null);
            save(failed.getRun());
        }
        getContext().onFailure(error instanceof AbortException || error instanceof StepArgumentException
                ? new AbortException(strategy.functionName() + ": " + message) : error);
    }

    private static String describe(BuildCluster cluster, Throwable error) {
        String text = error instanceof AbortException || error instanceof StepArgumentException ? error.getMessage()
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return cluster == null ? String.valueOf(text) : cluster.redact(String.valueOf(text));
    }

    private void log(String line) {
        try {
            getContext().get(TaskListener.class).getLogger().println(line);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not write to the build log", e);
        }
    }

    private void waiting(ApprovalRequest request, DecisionLog log, String url) {
        log.line("waiting for approval '" + request.id() + "': " + request.title()
                + (request.approvers().isEmpty() ? "" : " (approvers: " + String.join(", ", request.approvers()) + ")")
                + (url == null ? "" : " — decide at " + url));
        pause().begin();
    }

    private void finish(Run<?, ?> run, RolloutAction action, LiveRollout rollout, SnapshotRecorder recorder, DecisionLog log,
            BuildCluster cluster, StepOutcome outcome) {
        String message = String.valueOf(outcome.message());
        try {
            message = cluster.redact(message);
            SnapshotSaver current = saver;
            if (current != null) {
                current.close();
            }
            RolloutState state = PlannedRollout.state(outcome);
            if (recorder != null) {
                recorder.finish(state, message);
            }
            for (LiveRollout.Decided decided : rollout.decided()) {
                action.record(new RolloutAction.DecisionRecord(decided.gate(), decided.title(), decided.approval().approved(),
                        decided.approval().decidedBy(), decided.approval().comment(), decided.approval().at().toEpochMilli()));
            }
            action.update(state.json(), message, rollout.snapshotJson(false));
            log.line((outcome.success() ? "✔ " : "✘ ") + message);
            WebhookNotifier announce = notifier;
            if (announce != null) {
                announce.finished(PlannedRollout.ending(state), message);
            }
            pause().end();
            run.save();
        } catch (Throwable e) {
            LOGGER.log(Level.WARNING, "could not record the end of " + rolloutId, e);
            log("⚠ could not record the end of the rollout: " + e.getClass().getSimpleName());
        } finally {
            ended();
            RolloutRuntime.get().unregister(rollout);
            close(cluster);
        }
        if (stopCause != null) {
            getContext().onFailure(stopCause);
        } else if (outcome.success()) {
            getContext().onSuccess(outcome.returnValue());
        } else {
            getContext().onFailure(new AbortException(strategy.functionName() + ": " + message));
        }
    }

    private NodePause pause() {
        NodePause current = pause;
        if (current == null) {
            current = new NodePause(getContext());
            pause = current;
        }
        return current;
    }

    /** The picture kept with the build before the restart, or null when none was kept or it cannot be read. */
    private static RolloutSnapshot earlier(RolloutAction action) {
        String json = action.savedSnapshot();
        if (json == null) {
            return null;
        }
        try {
            return SnapshotJson.read(json);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "the kept snapshot of " + action.getId() + " cannot be read; the page starts afresh", e);
            return null;
        }
    }

    private static void save(Run<?, ?> run) {
        if (run == null) {
            return;
        }
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save the rollout's state on " + run.getFullDisplayName(), e);
        }
    }

    /** Who started the build (also through upstream builds) and who wrote its changes, for separation of duties. */
    private static ApproverPolicy.BuildPeople people(Run<?, ?> run) {
        List<String> authors = new ArrayList<>();
        if (run instanceof RunWithSCM<?, ?> scm) {
            for (ChangeLogSet<? extends ChangeLogSet.Entry> changes : scm.getChangeSets()) {
                for (ChangeLogSet.Entry entry : changes) {
                    if (entry.getAuthor() != null && !authors.contains(entry.getAuthor().getId())) {
                        authors.add(entry.getAuthor().getId());
                    }
                }
            }
        }
        return new ApproverPolicy.BuildPeople(BuildFacts.starters(run.getCauses()), authors);
    }

    private static void close(BuildCluster cluster) {
        if (cluster != null) {
            cluster.close();
        }
    }
}
