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
import io.jenkins.plugins.progressive.steps.args.StepArgumentException;
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
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * Runs one rollout step without holding an executor thread: {@link #start()} validates the arguments (a bad one fails
 * the step at once, naming the parameter, before any cluster is contacted) and hands the rollout to the shared
 * scheduler; the engine's outcome completes the step later. The state that survives a restart is small — the step's
 * arguments, the cluster's name and the rollout id — and {@link #onResume()} re-attaches from the cluster, where
 * the strategies mirror their progress. {@link #stop} (the build was aborted) aborts the rollout, which rolls back,
 * and fails the step once the rollback is done.
 */
public final class RolloutStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RolloutStepExecution.class.getName());
    /** How often at most a running rollout's snapshot is written to the build (build.xml). */
    private static final java.time.Duration SAVE_INTERVAL = java.time.Duration.ofSeconds(5);

    private final PlannedRollout.Strategy strategy;
    private final LinkedHashMap<String, Object> arguments;
    private String rolloutId;
    private transient volatile LiveRollout live;
    private transient volatile PlannedRollout.Started started;
    private transient volatile Throwable stopCause;
    private transient volatile SnapshotSaver saver;
    private transient volatile WebhookNotifier notifier;
    /** Where the execution is; guarded by {@code this} (small, non-blocking sections only). */
    private transient Phase phase;

    /** Why a state machine: stop() can come while the scheduler is still opening the cluster. */
    private enum Phase { WAITING, STARTING, RUNNING, STOPPED }

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
            NotifyArgs.of(arguments.get("notify"));
        } catch (StepArgumentException e) {
            getContext().onFailure(new AbortException(strategy.functionName() + ": " + e.getMessage()));
            return true;
        } catch (AbortException e) {
            getContext().onFailure(new AbortException(strategy.functionName() + ": " + e.getMessage()));
            return true;
        }
        rolloutId = RolloutAction.nextId(run);
        RolloutAction action = new RolloutAction(rolloutId, strategy.functionName(), planned.target(), cluster.getName());
        run.addAction(action);
        RolloutRuntime.get().scheduler().execute(() -> launch(run, cluster, planned, action, false));
        return false;
    }

    @Override
    public void onResume() {
        RolloutRuntime.get().scheduler().execute(() -> {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                ClusterConfig cluster = BuildCluster.select((String) arguments.get("cluster"), run);
                PlannedRollout planned = PlannedRollout.of(strategy, arguments, BuildFacts.defaults(cluster, run));
                RolloutAction action = run.getActions(RolloutAction.class).stream()
                        .filter(a -> a.getId().equals(rolloutId)).findFirst().orElseGet(() -> {
                            RolloutAction created = new RolloutAction(rolloutId, strategy.functionName(), planned.target(),
                                    cluster.getName());
                            run.addAction(created);
                            return created;
                        });
                launch(run, cluster, planned, action, true);
            } catch (IOException | InterruptedException | RuntimeException e) {
                getContext().onFailure(e);
            }
        });
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        Phase now;
        synchronized (this) {
            now = phase == null ? Phase.WAITING : phase;
            if (now == Phase.WAITING) {
                phase = Phase.STOPPED;
            }
        }
        if (now == Phase.WAITING) {
            // Nothing was started: the step ends here and the scheduled launch finds it stopped.
            getContext().onFailure(cause);
        } else if (now == Phase.RUNNING) {
            // The outcome (the rollback) completes the step; the build stays "aborting" until traffic is safe.
            live.abort("the build was aborted (" + cause.getMessage() + ")");
        }
        // STARTING: launch() aborts the rollout as soon as it has one. STOPPED: already over.
    }

    private synchronized boolean begin() {
        if (phase != null && phase != Phase.WAITING) {
            return false;
        }
        phase = Phase.STARTING;
        return true;
    }

    private synchronized void running() {
        phase = Phase.RUNNING;
    }

    private synchronized void stopped() {
        phase = Phase.STOPPED;
    }

    @Override
    public String getStatus() {
        return started == null ? "starting " + strategy.functionName() : strategy.functionName() + " running";
    }

    /** Opens the cluster and starts (or re-attaches to) the rollout; runs on the scheduler. */
    private void launch(Run<?, ?> run, ClusterConfig config, PlannedRollout planned, RolloutAction action, boolean resumed) {
        if (!begin()) {
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
            log.line((resumed ? "re-attaching to " : "starting ") + planned.target() + " on cluster " + config.getName());
            if (url != null) {
                listener.hyperlink(url, "progress and approvals: " + url + "\n");
            }
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
                            endPause();
                        }
                    });
            SnapshotSaver saver = new SnapshotSaver(() -> SnapshotJson.write(recorder.snapshot().withoutActions()), json -> {
                action.progress(json);
                save(run);
            }, runtime.scheduler(), runtime.clock(), SAVE_INTERVAL);
            this.saver = saver;
            RolloutContext context = new RolloutContext(opened.client(), runtime.scheduler(), runtime.clock(),
                    opened.prometheus(), runtime.metrics(), new FanOut(log, recorder, saver, notifier));
            runtime.register(rollout);
            live = rollout;
            PlannedRollout.Started running = resumed ? planned.resume(context, rollout) : planned.start(context, rollout);
            started = running;
            rollout.attach(recorder, running.abort());
            running();
            if (stopCause != null) {
                running.abort().accept("the build was aborted (" + stopCause.getMessage() + ")");
            }
            running.outcome().whenComplete((outcome, error) -> finish(run, action, rollout, recorder, log, opened,
                    outcome != null ? outcome : new StepOutcome(false, opened.redact(String.valueOf(error)), Map.of())));
        } catch (AbortException e) {
            failedToStart(action, cluster, new AbortException(strategy.functionName() + ": " + e.getMessage()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            failedToStart(action, cluster, e);
        }
    }

    private void failedToStart(RolloutAction action, BuildCluster cluster, Throwable error) {
        stopped();
        LiveRollout current = live;
        if (current != null) {
            RolloutRuntime.get().unregister(current);
        }
        close(cluster);
        action.update("failed", cluster == null ? error.getMessage() : cluster.redact(String.valueOf(error.getMessage())), null);
        getContext().onFailure(error);
    }

    private void waiting(ApprovalRequest request, DecisionLog log, String url) {
        log.line("waiting for approval '" + request.id() + "': " + request.title()
                + (request.approvers().isEmpty() ? "" : " (approvers: " + String.join(", ", request.approvers()) + ")")
                + (url == null ? "" : " — decide at " + url));
        try {
            FlowNode node = getContext().get(FlowNode.class);
            if (node != null) {
                node.addAction(new PauseAction("Approval"));
            }
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "could not mark the Pipeline node as paused", e);
        }
    }

    private void finish(Run<?, ?> run, RolloutAction action, LiveRollout rollout, SnapshotRecorder recorder, DecisionLog log,
            BuildCluster cluster, StepOutcome outcome) {
        SnapshotSaver current = saver;
        if (current != null) {
            current.close();
        }
        try {
            RolloutState state = PlannedRollout.state(outcome);
            String message = cluster.redact(outcome.message());
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
            endPause();
            run.save();
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "could not record the end of " + rolloutId, e);
        } finally {
            stopped();
            RolloutRuntime.get().unregister(rollout);
            close(cluster);
        }
        if (stopCause != null) {
            getContext().onFailure(stopCause);
        } else if (outcome.success()) {
            getContext().onSuccess(outcome.returnValue());
        } else {
            getContext().onFailure(new AbortException(strategy.functionName() + ": " + cluster.redact(outcome.message())));
        }
    }

    private void endPause() {
        try {
            FlowNode node = getContext().get(FlowNode.class);
            if (node != null) {
                PauseAction.endCurrentPause(node);
            }
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "could not end the Pipeline node's pause", e);
        }
    }

    /** The picture kept on the build before the restart, or null when none was kept or it cannot be read. */
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
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save the rollout's progress on " + run.getFullDisplayName(), e);
        }
    }

    /** Who started the build and who wrote its changes, for separation of duties. */
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
        return new ApproverPolicy.BuildPeople(BuildFacts.startedBy(run), authors);
    }

    private static void close(BuildCluster cluster) {
        if (cluster != null) {
            cluster.close();
        }
    }
}
