package io.jenkins.plugins.progressive.steps;

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
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Changes a flag set (or reports its stale flags) off the Pipeline's thread, on the shared scheduler. The change is
 * one compare-and-set write the engine retries on conflict; re-running it after a restart asks for the same end
 * state, which the engine finds already stored and does not write again.
 */
public final class FlagToggleExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> arguments;
    private volatile boolean done;

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
        RolloutRuntime.get().scheduler().execute(() -> toggle(run, cluster, args));
        return false;
    }

    @Override
    public void onResume() {
        if (done) {
            return;
        }
        RolloutRuntime.get().scheduler().execute(() -> {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                ClusterConfig cluster = BuildCluster.select((String) arguments.get("cluster"), run);
                toggle(run, cluster, parse(cluster, run));
            } catch (IOException | InterruptedException | RuntimeException e) {
                getContext().onFailure(e);
            }
        });
    }

    @Override
    public String getStatus() {
        return done ? "flag set written" : "writing the flag set";
    }

    private FlagToggleArgs parse(ClusterConfig cluster, Run<?, ?> run) {
        return FlagToggleArgs.parse(arguments, BuildFacts.defaults(cluster, run), "Jenkins build " + run.getFullDisplayName());
    }

    private void toggle(Run<?, ?> run, ClusterConfig config, FlagToggleArgs args) {
        try (BuildCluster cluster = BuildCluster.open(config, run)) {
            TaskListener listener = getContext().get(TaskListener.class);
            DecisionLog log = new DecisionLog(listener.getLogger(), "flagToggle", cluster::redact);
            FlagStore store = args.store().apply(cluster.client());
            Map<String, Object> value;
            RolloutAction action = new RolloutAction(RolloutAction.nextId(run), "flagToggle", store.describe(), config.getName());
            if (args.analytics() != null) {
                if (cluster.prometheus() == null) {
                    throw new AbortException("analytics: cluster '" + config.getName() + "' has no Prometheus configured");
                }
                FlagUsage usage = new FlagAnalytics(cluster.prometheus()).evaluations(args.analytics().flag(),
                        args.analytics().window(), args.analytics().namespace()).get();
                usage.lines().forEach(log::line);
                action.update(usage.toMap().get("status").toString(), String.join("\n", usage.lines()), null);
                value = usage.toMap();
            } else if (args.stalePolicy() != null) {
                StaleReport report = FlagToggle.staleReport(store, args.stalePolicy());
                report.lines().forEach(log::line);
                action.update(report.isEmpty() ? "no stale flags" : report.flags().size() + " stale", String.join("\n",
                        report.lines()), null);
                value = report.toMap();
            } else {
                FlagChangeResult result = FlagToggle.apply(store, args.request(), actor(run), args.reason());
                result.lines().forEach(log::line);
                action.update(result.written() ? "written" : "no change", String.join("\n", result.lines()), null);
                value = result.toMap();
            }
            run.addAction(action);
            run.save();
            done = true;
            getContext().onSuccess(value);
        } catch (AbortException e) {
            getContext().onFailure(new AbortException("flagToggle: " + e.getMessage()));
        } catch (IllegalArgumentException | FlagStoreException e) {
            // Bad operations found against the stored set (unknown flag, orphaned variant) and store errors (corrupt
            // ConfigMap, forbidden, lost every race): nothing was written; the message names the parameter or object.
            getContext().onFailure(new AbortException("flagToggle: " + e.getMessage()));
        } catch (java.util.concurrent.ExecutionException | IOException | InterruptedException | RuntimeException e) {
            getContext().onFailure(e);
        }
    }

    /** Who changed the flags, for the audit history: the user who started the build (if any) and the build. */
    private static String actor(Run<?, ?> run) {
        String user = BuildFacts.startedBy(run);
        return (user != null ? user + " via " : "") + BuildFacts.url(run);
    }
}
