package org.jenkinsci.plugins.workflow.support.actions;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.InvisibleAction;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/** Compile-only declaration of workflow-support's {@code PauseAction}. */
public class PauseAction extends InvisibleAction {
    public PauseAction(String cause) {
        throw new UnsupportedOperationException("compile-only");
    }

    public long getStartTime() {
        throw new UnsupportedOperationException("compile-only");
    }

    public long getEndTime() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static @NonNull java.util.List<PauseAction> getPauseActions(@NonNull FlowNode node) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static boolean isPaused(@NonNull FlowNode node) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static void endCurrentPause(@NonNull FlowNode node) throws IOException {
        throw new UnsupportedOperationException("compile-only");
    }
}
