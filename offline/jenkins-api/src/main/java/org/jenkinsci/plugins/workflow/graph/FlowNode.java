package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Actionable;

/** Compile-only declaration of workflow-api's {@code FlowNode}. */
public abstract class FlowNode extends Actionable {}
