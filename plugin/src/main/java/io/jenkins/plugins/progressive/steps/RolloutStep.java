package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that rolls out new images with one of the strategies; runs as a {@link RolloutStepExecution}. */
public abstract class RolloutStep extends ClusterStep {
    private static final long serialVersionUID = 1L;

    protected abstract PlannedRollout.Strategy strategy();

    @Override
    public StepExecution start(StepContext context) {
        return new RolloutStepExecution(context, strategy(), arguments());
    }

    @CheckForNull
    public Map<String, Object> getImages() {
        return get("images");
    }

    /** Container name → new image. */
    @DataBoundSetter
    public void setImages(@CheckForNull Map<String, Object> images) {
        put("images", images);
    }

    @CheckForNull
    public Map<String, Object> getNotify() {
        return get("notify");
    }

    /** A webhook told when the rollout waits for approval, was decided, and how it ended. */
    @DataBoundSetter
    public void setNotify(@CheckForNull Map<String, Object> notify) {
        put("notify", notify);
    }
}
