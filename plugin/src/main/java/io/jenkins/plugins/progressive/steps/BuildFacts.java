package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Cause;
import hudson.model.Run;
import io.jenkins.plugins.progressive.ClusterConfig;
import io.jenkins.plugins.progressive.ProgressiveDeliveryConfiguration;
import io.jenkins.plugins.progressive.steps.args.StepDefaults;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;

/** What the steps read off a build and its cluster, in one place: its URL, who started it, the steps' defaults. */
final class BuildFacts {
    private BuildFacts() {}

    /** The build's URL, absolute when Jenkins knows its root URL: lock holder, change cause, audit actor. */
    static String url(Run<?, ?> run) {
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "" : root) + run.getUrl();
    }

    /** The id of the first user who started the build (directly or through its upstream builds), or null. */
    @CheckForNull
    static String startedBy(Run<?, ?> run) {
        List<String> starters = starters(run.getCauses());
        return starters.isEmpty() ? null : starters.get(0);
    }

    /**
     * Every user who started the build: directly ({@code UserIdCause}), or by starting an upstream build that triggered
     * this one ({@code build job:} leaves only an {@code UpstreamCause} here, which carries the upstream build's own
     * causes, also after that build was deleted). Empty for builds that only a timer or an SCM change started: then
     * separation of duties still keeps the authors of the build's changes from approving.
     */
    static List<String> starters(List<Cause> causes) {
        Set<String> users = new LinkedHashSet<>();
        collect(causes, users, 0);
        return List.copyOf(users);
    }

    private static void collect(List<Cause> causes, Set<String> users, int depth) {
        // Core caps the recorded chain itself (UpstreamCause keeps at most 10 levels); the bound here is only a guard.
        if (causes == null || depth > 32) {
            return;
        }
        for (Cause cause : causes) {
            if (cause instanceof Cause.UserIdCause user && user.getUserId() != null) {
                users.add(user.getUserId());
            } else if (cause instanceof Cause.UpstreamCause upstream) {
                collect(upstream.getUpstreamCauses(), users, depth + 1);
            }
        }
    }

    /** The namespace (the cluster's, else the global default), holder, approvers and gate thresholds for a step. */
    static StepDefaults defaults(ClusterConfig cluster, Run<?, ?> run) {
        String namespace = cluster.getDefaultNamespace() != null ? cluster.getDefaultNamespace()
                : ProgressiveDeliveryConfiguration.get().getDefaultNamespace();
        return new StepDefaults(namespace, url(run), cluster.approverList(), cluster.gateConditions());
    }
}
