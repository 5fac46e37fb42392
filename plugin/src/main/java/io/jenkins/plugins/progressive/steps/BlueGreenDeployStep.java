package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** The {@code blueGreenDeploy} step (docs/steps/blueGreenDeploy.md); the parameters mirror the engine's plan. */
public final class BlueGreenDeployStep extends RolloutStep {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public BlueGreenDeployStep(String app) {
        put("app", app);
    }

    public String getApp() {
        return get("app");
    }

    @CheckForNull
    public List<String> getActiveServices() {
        return get("activeServices");
    }

    /** The Services that switch together; default the app's name. */
    @DataBoundSetter
    public void setActiveServices(@CheckForNull List<String> activeServices) {
        put("activeServices", activeServices);
    }

    @CheckForNull
    public String getPreviewService() {
        return get("previewService");
    }

    /** The Service pointing at the idle slot; default <app>-preview. */
    @DataBoundSetter
    public void setPreviewService(@CheckForNull String previewService) {
        put("previewService", previewService);
    }

    @CheckForNull
    public Integer getPreviewReplicas() {
        return get("previewReplicas");
    }

    /** Replicas of the new slot before the switch; default the live slot's. */
    @DataBoundSetter
    public void setPreviewReplicas(@CheckForNull Integer previewReplicas) {
        put("previewReplicas", previewReplicas);
    }

    @CheckForNull
    public List<Map<String, Object>> getHealthChecks() {
        return get("healthChecks");
    }

    /** HTTP checks sent through the preview Service. */
    @DataBoundSetter
    public void setHealthChecks(@CheckForNull List<Map<String, Object>> healthChecks) {
        put("healthChecks", healthChecks);
    }

    @CheckForNull
    public Map<String, Object> getPrePromotion() {
        return get("prePromotion");
    }

    /** Metric gates on the new slot before the switch. */
    @DataBoundSetter
    public void setPrePromotion(@CheckForNull Map<String, Object> prePromotion) {
        put("prePromotion", prePromotion);
    }

    @CheckForNull
    public Map<String, Object> getApproval() {
        return get("approval");
    }

    /** An approval before the switch: approvers, timeout, onTimeout. */
    @DataBoundSetter
    public void setApproval(@CheckForNull Map<String, Object> approval) {
        put("approval", approval);
    }

    @CheckForNull
    public Map<String, Object> getPostSwitch() {
        return get("postSwitch");
    }

    /** Metric gates on the live version after the switch (the watch window). */
    @DataBoundSetter
    public void setPostSwitch(@CheckForNull Map<String, Object> postSwitch) {
        put("postSwitch", postSwitch);
    }

    @CheckForNull
    public String getScaleDownDelay() {
        return get("scaleDownDelay");
    }

    /** How long the old slot stays scaled after the window (default 30s; 0 keeps it). */
    @DataBoundSetter
    public void setScaleDownDelay(@CheckForNull String scaleDownDelay) {
        put("scaleDownDelay", scaleDownDelay);
    }

    @CheckForNull
    public String getProgressDeadline() {
        return get("progressDeadline");
    }

    /** How long the new slot may take to become available. */
    @DataBoundSetter
    public void setProgressDeadline(@CheckForNull String progressDeadline) {
        put("progressDeadline", progressDeadline);
    }

    @CheckForNull
    public Map<String, Object> getPreHook() {
        return get("preHook");
    }

    /** A Job run before the new slot starts (expand migration). */
    @DataBoundSetter
    public void setPreHook(@CheckForNull Map<String, Object> preHook) {
        put("preHook", preHook);
    }

    @CheckForNull
    public Map<String, Object> getPostHook() {
        return get("postHook");
    }

    /** A Job run after the old slot is scaled down (contract migration). */
    @DataBoundSetter
    public void setPostHook(@CheckForNull Map<String, Object> postHook) {
        put("postHook", postHook);
    }

    @CheckForNull
    public Map<String, Object> getPreviewTest() {
        return get("previewTest");
    }

    /** A Job run against the preview Service before anyone is asked to switch (smoke tests). */
    @DataBoundSetter
    public void setPreviewTest(@CheckForNull Map<String, Object> previewTest) {
        put("previewTest", previewTest);
    }

    @Override
    protected PlannedRollout.Strategy strategy() {
        return PlannedRollout.Strategy.BLUE_GREEN;
    }

    @Extension
    public static final class DescriptorImpl extends FormDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return CONTEXT;
        }

        @Override
        public String getFunctionName() {
            return "blueGreenDeploy";
        }

        @Override
        public String getDisplayName() {
            return "Blue/green deployment with preview checks, approval and a watched switch";
        }
    }
}
