package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** The {@code rollingUpdate} step (docs/steps/rollingUpdate.md); the parameters mirror the engine's plan. */
public final class RollingUpdateStep extends RolloutStep {
    private static final long serialVersionUID = 1L;

    /** The workload is named by {@link #setDeployment} or {@link #setStatefulSet}, exactly one of them. */
    @DataBoundConstructor
    public RollingUpdateStep() {
        // every parameter is optional to the data binding; the arguments are checked as a whole when the step starts
    }

    @CheckForNull
    public String getDeployment() {
        return get("deployment");
    }

    /** The Deployment to update (or give {@code statefulSet}). */
    @DataBoundSetter
    public void setDeployment(@CheckForNull String deployment) {
        put("deployment", deployment);
    }

    @CheckForNull
    public String getStatefulSet() {
        return get("statefulSet");
    }

    /** The StatefulSet to update, in batches by partition (or give {@code deployment}). */
    @DataBoundSetter
    public void setStatefulSet(@CheckForNull String statefulSet) {
        put("statefulSet", statefulSet);
    }

    @CheckForNull
    public Map<String, Object> getEnv() {
        return get("env");
    }

    /** Container → variable → value, merged into the pod template. */
    @DataBoundSetter
    public void setEnv(@CheckForNull Map<String, Object> env) {
        put("env", env);
    }

    @CheckForNull
    public Map<String, Object> getRequests() {
        return get("requests");
    }

    /** Container → resource → quantity (500m, 256Mi). */
    @DataBoundSetter
    public void setRequests(@CheckForNull Map<String, Object> requests) {
        put("requests", requests);
    }

    @CheckForNull
    public Map<String, Object> getLimits() {
        return get("limits");
    }

    /** Container → resource → quantity. */
    @DataBoundSetter
    public void setLimits(@CheckForNull Map<String, Object> limits) {
        put("limits", limits);
    }

    @CheckForNull
    public Map<String, Object> getPodAnnotations() {
        return get("podAnnotations");
    }

    /** Annotations set on the pod template. */
    @DataBoundSetter
    public void setPodAnnotations(@CheckForNull Map<String, Object> podAnnotations) {
        put("podAnnotations", podAnnotations);
    }

    @CheckForNull
    public String getManifest() {
        return get("manifest");
    }

    /** A full Deployment (YAML) instead of images/env/resources. */
    @DataBoundSetter
    public void setManifest(@CheckForNull String manifest) {
        put("manifest", manifest);
    }

    @CheckForNull
    public String getChangeCause() {
        return get("changeCause");
    }

    /** Recorded as kubernetes.io/change-cause; defaults to the build URL. */
    @DataBoundSetter
    public void setChangeCause(@CheckForNull String changeCause) {
        put("changeCause", changeCause);
    }

    @CheckForNull
    public String getMaxSurge() {
        return get("maxSurge");
    }

    /** Pods above the desired count during the update (number or percentage). */
    @DataBoundSetter
    public void setMaxSurge(@CheckForNull String maxSurge) {
        put("maxSurge", maxSurge);
    }

    @CheckForNull
    public String getMaxUnavailable() {
        return get("maxUnavailable");
    }

    /** Pods below the desired count during the update (number or percentage). */
    @DataBoundSetter
    public void setMaxUnavailable(@CheckForNull String maxUnavailable) {
        put("maxUnavailable", maxUnavailable);
    }

    @CheckForNull
    public Integer getMinReadySeconds() {
        return get("minReadySeconds");
    }

    /** How long a new pod must be ready before it counts as available. */
    @DataBoundSetter
    public void setMinReadySeconds(@CheckForNull Integer minReadySeconds) {
        put("minReadySeconds", minReadySeconds);
    }

    @CheckForNull
    public Integer getProgressDeadlineSeconds() {
        return get("progressDeadlineSeconds");
    }

    /** How long the rollout may go without progress. */
    @DataBoundSetter
    public void setProgressDeadlineSeconds(@CheckForNull Integer progressDeadlineSeconds) {
        put("progressDeadlineSeconds", progressDeadlineSeconds);
    }

    @CheckForNull
    public List<Object> getBatches() {
        return get("batches");
    }

    /** Ascending percentages ending at 100%, e.g. ['10%', '50%', '100%']. */
    @DataBoundSetter
    public void setBatches(@CheckForNull List<Object> batches) {
        put("batches", batches);
    }

    @CheckForNull
    public List<Map<String, Object>> getHealthChecks() {
        return get("healthChecks");
    }

    /** HTTP checks through the API server's service proxy after each batch. */
    @DataBoundSetter
    public void setHealthChecks(@CheckForNull List<Map<String, Object>> healthChecks) {
        put("healthChecks", healthChecks);
    }

    @CheckForNull
    public Map<String, Object> getAnalysis() {
        return get("analysis");
    }

    /** Metric gates after each batch (docs/analysis.md). */
    @DataBoundSetter
    public void setAnalysis(@CheckForNull Map<String, Object> analysis) {
        put("analysis", analysis);
    }

    @CheckForNull
    public Boolean getAutoRollback() {
        return get("autoRollback");
    }

    /** Undo on failure (default); false leaves the Deployment paused. */
    @DataBoundSetter
    public void setAutoRollback(@CheckForNull Boolean autoRollback) {
        put("autoRollback", autoRollback);
    }

    @CheckForNull
    public String getOnInconclusive() {
        return get("onInconclusive");
    }

    /** ROLLBACK (default) or PAUSE. */
    @DataBoundSetter
    public void setOnInconclusive(@CheckForNull String onInconclusive) {
        put("onInconclusive", onInconclusive);
    }

    @CheckForNull
    public Map<String, Object> getPreHook() {
        return get("preHook");
    }

    /** A Job run before any pod changes (expand migration). */
    @DataBoundSetter
    public void setPreHook(@CheckForNull Map<String, Object> preHook) {
        put("preHook", preHook);
    }

    @CheckForNull
    public Map<String, Object> getPostHook() {
        return get("postHook");
    }

    /** A Job run after success (contract migration). */
    @DataBoundSetter
    public void setPostHook(@CheckForNull Map<String, Object> postHook) {
        put("postHook", postHook);
    }

    @Override
    protected PlannedRollout.Strategy strategy() {
        return PlannedRollout.Strategy.ROLLING;
    }

    @Extension
    public static final class DescriptorImpl extends FormDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return CONTEXT;
        }

        @Override
        public String getFunctionName() {
            return "rollingUpdate";
        }

        @Override
        public String getDisplayName() {
            return "Rolling update of a Deployment with checks, metric gates and automatic undo";
        }
    }
}
