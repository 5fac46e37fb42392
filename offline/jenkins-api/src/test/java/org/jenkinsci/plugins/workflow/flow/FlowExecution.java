package org.jenkinsci.plugins.workflow.flow;

/** Compile-only declaration of workflow-api's {@code FlowExecution}. */
public abstract class FlowExecution {
    private FlowExecution() {
        throw new UnsupportedOperationException("compile-only");
    }
}
