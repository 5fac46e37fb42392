package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Cause;
import hudson.model.Run;
import io.jenkins.plugins.progressive.ClusterConfig;
import io.jenkins.plugins.progressive.ProgressiveDeliveryConfiguration;
import io.jenkins.plugins.progressive.steps.args.StepDefaults;
import jenkins.model.Jenkins;

/** What the steps read off a build and its cluster, in one place: its URL, who started it, the steps' defaults. */
final class BuildFacts {
    private BuildFacts() {}

    /** The build's URL, absolute when Jenkins knows its root URL: lock holder, change cause, audit actor. */
    static String url(Run<?, ?> run) {
        String root = Jenkins.get().getRootUrl();
        return (root == null ? "" : root) + run.getUrl();
    }

    /** The id of the user who started the build, or null (timer, SCM, upstream). */
    @CheckForNull
    static String startedBy(Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        return cause == null ? null : cause.getUserId();
    }

    /** The namespace (the cluster's, else the global default), holder, approvers and gate thresholds for a step. */
    static StepDefaults defaults(ClusterConfig cluster, Run<?, ?> run) {
        String namespace = cluster.getDefaultNamespace() != null ? cluster.getDefaultNamespace()
                : ProgressiveDeliveryConfiguration.get().getDefaultNamespace();
        return new StepDefaults(namespace, url(run), cluster.approverList(), cluster.gateConditions());
    }
}
