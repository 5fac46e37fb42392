package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** The {@code canaryStage} step (docs/steps/canaryStage.md); the parameters mirror the engine's plan. */
public final class CanaryStageStep extends RolloutStep {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public CanaryStageStep(String app) {
        put("app", app);
    }

    public String getApp() {
        return get("app");
    }

    @CheckForNull
    public Map<String, Object> getRouter() {
        return get("router");
    }

    /** How traffic is split: [replicas: true], [gatewayApi: 'route'], [istio: 'vs'] or [nginx: 'ingress']. */
    @DataBoundSetter
    public void setRouter(@CheckForNull Map<String, Object> router) {
        put("router", router);
    }

    @CheckForNull
    public List<Object> getSteps() {
        return get("steps");
    }

    /** Weights like [5, 25, 50, 100] or explicit steps. */
    @DataBoundSetter
    public void setSteps(@CheckForNull List<Object> steps) {
        put("steps", steps);
    }

    @CheckForNull
    public Map<String, Object> getBackground() {
        return get("background");
    }

    /** Gates that run across the steps. */
    @DataBoundSetter
    public void setBackground(@CheckForNull Map<String, Object> background) {
        put("background", background);
    }

    @CheckForNull
    public Integer getBackgroundFrom() {
        return get("backgroundFrom");
    }

    /** The step index at which background analysis starts. */
    @DataBoundSetter
    public void setBackgroundFrom(@CheckForNull Integer backgroundFrom) {
        put("backgroundFrom", backgroundFrom);
    }

    @CheckForNull
    public Integer getCanaryReplicas() {
        return get("canaryReplicas");
    }

    /** A fixed canary size for exact routers. */
    @DataBoundSetter
    public void setCanaryReplicas(@CheckForNull Integer canaryReplicas) {
        put("canaryReplicas", canaryReplicas);
    }

    @Override
    protected PlannedRollout.Strategy strategy() {
        return PlannedRollout.Strategy.CANARY;
    }

    @Extension
    public static final class DescriptorImpl extends FormDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return CONTEXT;
        }

        @Override
        public String getFunctionName() {
            return "canaryStage";
        }

        @Override
        public String getDisplayName() {
            return "Canary release with traffic weights, analysis and automatic rollback";
        }
    }
}
