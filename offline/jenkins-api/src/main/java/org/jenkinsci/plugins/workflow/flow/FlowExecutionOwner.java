package org.jenkinsci.plugins.workflow.flow;

import hudson.model.Queue;
import java.io.Serializable;

/** Compile-only declaration of workflow-api's {@code FlowExecutionOwner} (only the nested {@code Executable}). */
public abstract class FlowExecutionOwner implements Serializable {
    private static final long serialVersionUID = 1L;

    public interface Executable extends Queue.Executable {}
}
