package org.jenkinsci.plugins.workflow.graphanalysis;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/** Compile-only declaration of workflow-api's {@code AbstractFlowScanner}. */
public abstract class AbstractFlowScanner {
    public List<FlowNode> allNodes(@CheckForNull FlowExecution exec) {
        throw new UnsupportedOperationException("compile-only");
    }
}
