package org.jenkinsci.plugins.workflow.graphanalysis;

/** Compile-only declaration of workflow-api's {@code DepthFirstScanner}. */
public class DepthFirstScanner extends AbstractFlowScanner {
    public DepthFirstScanner() {
        throw new UnsupportedOperationException("compile-only");
    }
}
