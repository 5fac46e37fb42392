package org.jenkinsci.plugins.workflow.job;

import hudson.model.Run;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;

/** Compile-only declaration of workflow-job's {@code WorkflowRun}. */
public final class WorkflowRun extends Run<WorkflowJob, WorkflowRun> implements FlowExecutionOwner.Executable {
    private WorkflowRun() {
        throw new UnsupportedOperationException("compile-only");
    }

    public @edu.umd.cs.findbugs.annotations.CheckForNull org.jenkinsci.plugins.workflow.flow.FlowExecution getExecution() {
        throw new UnsupportedOperationException("compile-only");
    }

    public org.kohsuke.stapler.HttpResponse doStop() {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("compile-only");
    }
}
