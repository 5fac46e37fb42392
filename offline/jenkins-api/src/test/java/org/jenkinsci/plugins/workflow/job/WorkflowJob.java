package org.jenkinsci.plugins.workflow.job;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.TopLevelItem;
import hudson.model.queue.QueueTaskFuture;
import org.jenkinsci.plugins.workflow.flow.FlowDefinition;

/** Compile-only declaration of workflow-job's {@code WorkflowJob}. */
public final class WorkflowJob extends Job<WorkflowJob, WorkflowRun> implements TopLevelItem {
    private WorkflowJob() {
        throw new UnsupportedOperationException("compile-only");
    }

    public void setDefinition(FlowDefinition definition) {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public WorkflowRun getBuildByNumber(int n) {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public WorkflowRun getLastBuild() {
        throw new UnsupportedOperationException("compile-only");
    }

    public @CheckForNull QueueTaskFuture<WorkflowRun> scheduleBuild2(int quietPeriod, Action... actions) {
        throw new UnsupportedOperationException("compile-only");
    }
}
