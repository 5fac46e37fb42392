package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.progressive.BuildCluster;
import io.jenkins.plugins.progressive.ClusterConfig;
import io.jenkins.plugins.progressive.engine.flags.analytics.FlagAnalytics;
import io.jenkins.plugins.progressive.engine.flags.analytics.FlagUsage;
import io.jenkins.plugins.progressive.engine.flags.stale.StaleReport;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStoreException;
import io.jenkins.plugins.progressive.engine.flags.toggle.FlagChangeResult;
import io.jenkins.plugins.progressive.engine.flags.toggle.FlagToggle;
import io.jenkins.plugins.progressive.rollout.DecisionLog;
import io.jenkins.plugins.progressive.rollout.RolloutAction;
import io.jenkins.plugins.progressive.rollout.RolloutRuntime;
import io.jenkins.plugins.progressive.steps.args.FlagToggleArgs;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Changes a flag set (or reports its stale flags) off the Pipeline's thread, on the runtime's blocking pool. The change
 * is one compare-and-set write the engine retries on conflict; re-running it after a restart asks for the same end
 * state, which the engine finds already stored and does not write again.
 *
 * <p>{@link #stop} works before and during the write: a write that has not begun never begins (the step ends at once,
 * ABORTED), and one under way is let finish — it is one API call — and then the step ends ABORTED with a line saying
 * that the change landed, so the build never shows ABORTED while a queued write is still to come.
 */
public final class FlagToggleExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(FlagToggleExecution.class.getName());

    private final LinkedHashMap<String, Object> arguments;
    private volatile boolean done;
    /** Where the change is: QUEUED until the write begins, then WRITING, then DONE; or STOPPED before writing. */
    private transient AtomicReference<Progress> progress;
    private transient volatile Throwable stopCause;

    private enum Progress { QUEUED, WRITING, DONE, STOPPED }

    FlagToggleExecution(StepContext context, Map<String, Object> arguments) {
        super(context);
        this.arguments = new LinkedHashMap<>(arguments);
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        ClusterConfig cluster;
        FlagToggleArgs args;
        try {
            cluster = BuildCluster.select((String) arguments.get("cluster"), run);
            args = parse(cluster, run);
        } catch (AbortException | IllegalArgumentException e) {
            getContext().onFailure(new AbortException("flagToggle: " + e.getMessage()));
            return true;
        }
        RolloutRuntime.get().blocking().execute(() -> toggle(run, cluster, args));
        return false;
    }

    @Override
    public void onResume() {
        if (done) {
            return;
        }
        try {
            RolloutRuntime.get().blocking().execute(() -> {
                try {
                    Run<?, ?> run = getContext().get(Run.class);
                    ClusterConfig cluster = BuildCluster.select((String) arguments.get("cluster"), run);
                    toggle(run, cluster, parse(cluster, run));
                } catch (Throwable e) {
                    fail(e);
                }
            });
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        stopCause = cause;
        if (progress().compareAndSet(Progress.QUEUED, Progress.STOPPED)) {
            getContext().onFailure(cause);
        }
        // WRITING: toggle() ends the step with the cause once the write is over. DONE/STOPPED: already ended.
    }

    @Override
    public String getStatus() {
        return done ? "flag set written" : "writing the flag set";
    }

    private synchronized AtomicReference<Progress> progress() {
        if (progress == null) {
            progress = new AtomicReference<>(Progress.QUEUED);
        }
        return progress;
    }

    private FlagToggleArgs parse(ClusterConfig cluster, Run<?, ?> run) {
        return FlagToggleArgs.parse(arguments, BuildFacts.defaults(cluster, run), "Jenkins build " + run.getFullDisplayName());
    }

    private void toggle(Run<?, ?> run, ClusterConfig config, FlagToggleArgs args) {
        if (progress().get() != Progress.QUEUED) {
            return;
        }
        try (BuildCluster cluster = BuildCluster.open(config, run)) {
            TaskListener listener = getContext().get(TaskListener.class);
            DecisionLog log = new DecisionLog(listener.getLogger(), "flagToggle", cluster::redact);
            FlagStore store = args.store().apply(cluster.client());
            Map<String, Object> value;
            String state;
            String summary;
            if (args.analytics() != null) {
                if (cluster.prometheus() == null) {
                    throw new AbortException("analytics: cluster '" + config.getName() + "' has no Prometheus configured");
                }
                FlagUsage usage = new FlagAnalytics(cluster.prometheus()).evaluations(args.analytics().flag(),
                        args.analytics().window(), args.analytics().namespace()).get();
                if (!progress().compareAndSet(Progress.QUEUED, Progress.DONE)) {
                    return;
                }
                usage.lines().forEach(log::line);
                state = usage.toMap().get("status").toString();
                summary = String.join("\n", usage.lines());
                value = usage.toMap();
            } else if (args.stalePolicy() != null) {
                StaleReport report = FlagToggle.staleReport(store, args.stalePolicy());
                if (!progress().compareAndSet(Progress.QUEUED, Progress.DONE)) {
                    return;
                }
                report.lines().forEach(log::line);
                state = report.isEmpty() ? "no stale flags" : report.flags().size() + " stale";
                summary = String.join("\n", report.lines());
                value = report.toMap();
            } else {
                if (!progress().compareAndSet(Progress.QUEUED, Progress.WRITING)) {
                    return;
                }
                FlagChangeResult result;
                try {
                    result = FlagToggle.apply(store, args.request(), actor(run), args.reason());
                } finally {
                    progress().set(Progress.DONE);
                }
                result.lines().forEach(log::line);
                state = result.written() ? "written" : "no change";
                summary = String.join("\n", result.lines());
                value = result.toMap();
            }
            RolloutAction.attach(run, id -> {
                RolloutAction action = new RolloutAction(id, "flagToggle", store.describe(), config.getName());
                action.update(state, summary, null);
                return action;
            });
            run.save();
            done = true;
            Throwable stopped = stopCause;
            if (stopped != null) {
                log.line("the build was aborted while the flag set was being written; the change above was stored");
                getContext().onFailure(stopped);
            } else {
                getContext().onSuccess(value);
            }
        } catch (AbortException e) {
            fail(new AbortException("flagToggle: " + e.getMessage()));
        } catch (IllegalArgumentException | FlagStoreException e) {
            // Bad operations found against the stored set (unknown flag, orphaned variant) and store errors (corrupt
            // ConfigMap, forbidden, lost every race): nothing was written; the message names the parameter or object.
            fail(new AbortException("flagToggle: " + e.getMessage()));
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** Ends the step with this failure (with the stop's cause instead if the build was aborted meanwhile). */
    private void fail(Throwable error) {
        progress().set(Progress.DONE);
        if (!(error instanceof AbortException)) {
            LOGGER.log(Level.WARNING, "flagToggle failed", error);
            try {
                getContext().get(TaskListener.class).getLogger().println("✘ flagToggle failed: "
                        + error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.FINE, "could not write to the build log", e);
            }
        }
        Throwable stopped = stopCause;
        getContext().onFailure(stopped != null ? stopped : error);
    }

    /** Who changed the flags, for the audit history: the user who started the build (if any) and the build. */
    private static String actor(Run<?, ?> run) {
        String user = BuildFacts.startedBy(run);
        return (user != null ? user + " via " : "") + BuildFacts.url(run);
    }
}
