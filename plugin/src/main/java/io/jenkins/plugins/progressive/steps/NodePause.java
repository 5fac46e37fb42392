package io.jenkins.plugins.progressive.steps;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;

/**
 * The step's Pipeline node shown paused while an approval waits, as the input step does. {@code PauseAction}'s own
 * {@code endCurrentPause} sets the end of the newest pause even when that pause has already ended, so every end here
 * checks first: a rollout that ends after its approval was decided must not move the recorded end of that wait.
 */
final class NodePause {
    private static final Logger LOGGER = Logger.getLogger(NodePause.class.getName());
    private final StepContext context;

    NodePause(StepContext context) {
        this.context = context;
    }

    /** Marks the node paused for an approval. */
    synchronized void begin() {
        try {
            FlowNode node = context.get(FlowNode.class);
            if (node != null && !PauseAction.isPaused(node)) {
                node.addAction(new PauseAction("Approval"));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not mark the Pipeline node as paused", e);
        }
    }

    /** Ends the node's open pause, if there is one (also one left open by a controller restart). */
    synchronized void end() {
        try {
            FlowNode node = context.get(FlowNode.class);
            if (node != null && PauseAction.isPaused(node)) {
                PauseAction.endCurrentPause(node);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not end the Pipeline node's pause", e);
        }
    }
}
