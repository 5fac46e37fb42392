package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The {@code flagToggle} step (docs/steps/flagToggle.md): changes a flagd flag set in a ConfigMap or a
 * {@code FeatureFlag}, or reports its stale flags. Every parameter is optional here; which combinations make sense
 * is checked, with the parameter named, before the cluster is contacted.
 */
public final class FlagToggleStep extends ClusterStep {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public FlagToggleStep() {
        // all parameters are named
    }

    @CheckForNull
    public String getConfigMap() {
        return get("configMap");
    }

    /** The ConfigMap holding the flag set (flagd file sync); give this or featureFlag. */
    @DataBoundSetter
    public void setConfigMap(@CheckForNull String configMap) {
        put("configMap", configMap);
    }

    @CheckForNull
    public String getKey() {
        return get("key");
    }

    /** The ConfigMap key; default flags.flagd.json. */
    @DataBoundSetter
    public void setKey(@CheckForNull String key) {
        put("key", key);
    }

    @CheckForNull
    public String getFeatureFlag() {
        return get("featureFlag");
    }

    /** The OpenFeature operator FeatureFlag object (core.openfeature.dev/v1beta1) holding the flag set. */
    @DataBoundSetter
    public void setFeatureFlag(@CheckForNull String featureFlag) {
        put("featureFlag", featureFlag);
    }

    @CheckForNull
    public String getReason() {
        return get("reason");
    }

    /** Why, for the audit history; default the build's name. */
    @DataBoundSetter
    public void setReason(@CheckForNull String reason) {
        put("reason", reason);
    }

    @CheckForNull
    public String getFlag() {
        return get("flag");
    }

    /** The flag the changes apply to. */
    @DataBoundSetter
    public void setFlag(@CheckForNull String flag) {
        put("flag", flag);
    }

    @CheckForNull
    public Boolean getCreate() {
        return get("create");
    }

    /** true: create the flag (boolean on/off unless variants are given). */
    @DataBoundSetter
    public void setCreate(@CheckForNull Boolean create) {
        put("create", create);
    }

    @CheckForNull
    public Map<String, Object> getVariants() {
        return get("variants");
    }

    /** Variant name to value (boolean, string, number or object; one type). */
    @DataBoundSetter
    public void setVariants(@CheckForNull Map<String, Object> variants) {
        put("variants", variants);
    }

    @CheckForNull
    public String getDefaultVariant() {
        return get("defaultVariant");
    }

    /** The variant everyone gets unless targeting says otherwise. */
    @DataBoundSetter
    public void setDefaultVariant(@CheckForNull String defaultVariant) {
        put("defaultVariant", defaultVariant);
    }

    @CheckForNull
    public Map<String, Object> getSegments() {
        return get("segments");
    }

    /** Reusable segments ($evaluators): name to condition map(s). */
    @DataBoundSetter
    public void setSegments(@CheckForNull Map<String, Object> segments) {
        put("segments", segments);
    }

    @CheckForNull
    public List<Object> getRules() {
        return get("rules");
    }

    /** Ordered targeting rules; first match wins. */
    @DataBoundSetter
    public void setRules(@CheckForNull List<Object> rules) {
        put("rules", rules);
    }

    @CheckForNull
    public Object getPercentage() {
        return get("percentage");
    }

    /** Share of users (0..100) who get the variant, sticky per user. */
    @DataBoundSetter
    public void setPercentage(@CheckForNull Object percentage) {
        put("percentage", percentage);
    }

    @CheckForNull
    public String getVariant() {
        return get("variant");
    }

    /** The variant a percentage rollout hands out; default on. */
    @DataBoundSetter
    public void setVariant(@CheckForNull String variant) {
        put("variant", variant);
    }

    @CheckForNull
    public String getOtherVariant() {
        return get("otherVariant");
    }

    /** The variant everyone else gets; default off. */
    @DataBoundSetter
    public void setOtherVariant(@CheckForNull String otherVariant) {
        put("otherVariant", otherVariant);
    }

    @CheckForNull
    public String getBucketBy() {
        return get("bucketBy");
    }

    /** The attribute users are bucketed by; default the targeting key. */
    @DataBoundSetter
    public void setBucketBy(@CheckForNull String bucketBy) {
        put("bucketBy", bucketBy);
    }

    @CheckForNull
    public Map<String, Object> getRamp() {
        return get("ramp");
    }

    /** A ramp over time: from, start, end, steps. */
    @DataBoundSetter
    public void setRamp(@CheckForNull Map<String, Object> ramp) {
        put("ramp", ramp);
    }

    @CheckForNull
    public Map<String, Object> getExperiment() {
        return get("experiment");
    }

    /** An A/B/n experiment: id, weights, bucketBy. */
    @DataBoundSetter
    public void setExperiment(@CheckForNull Map<String, Object> experiment) {
        put("experiment", experiment);
    }

    @CheckForNull
    public Map<String, Object> getLifecycle() {
        return get("lifecycle");
    }

    /** Lifecycle metadata: owner, expiresAt, stage, permanent, metadata. */
    @DataBoundSetter
    public void setLifecycle(@CheckForNull Map<String, Object> lifecycle) {
        put("lifecycle", lifecycle);
    }

    @CheckForNull
    public Boolean getEnabled() {
        return get("enabled");
    }

    /** true/false: the flag's state, nothing else. */
    @DataBoundSetter
    public void setEnabled(@CheckForNull Boolean enabled) {
        put("enabled", enabled);
    }

    @CheckForNull
    public Object getKillSwitch() {
        return get("killSwitch");
    }

    /** true (disable) or a variant name (pin everyone to it). */
    @DataBoundSetter
    public void setKillSwitch(@CheckForNull Object killSwitch) {
        put("killSwitch", killSwitch);
    }

    @CheckForNull
    public Boolean getArchive() {
        return get("archive");
    }

    /** true: remove the flag, keeping its last definition in the audit record. */
    @DataBoundSetter
    public void setArchive(@CheckForNull Boolean archive) {
        put("archive", archive);
    }

    @CheckForNull
    public List<Object> getOperations() {
        return get("operations");
    }

    /** Changes of several flags in one write, each a map with flag and its changes. */
    @DataBoundSetter
    public void setOperations(@CheckForNull List<Object> operations) {
        put("operations", operations);
    }

    @CheckForNull
    public List<Object> getTestUsers() {
        return get("testUsers");
    }

    /** User ids or attribute maps whose variants the preview lists. */
    @DataBoundSetter
    public void setTestUsers(@CheckForNull List<Object> testUsers) {
        put("testUsers", testUsers);
    }

    @CheckForNull
    public Boolean getDryRun() {
        return get("dryRun");
    }

    /** true: compute diff and preview, write nothing. */
    @DataBoundSetter
    public void setDryRun(@CheckForNull Boolean dryRun) {
        put("dryRun", dryRun);
    }

    @CheckForNull
    public Map<String, Object> getStaleReport() {
        return get("staleReport");
    }

    /** Report stale flags instead of changing any: [fullyOnDays: 30]. */
    @DataBoundSetter
    public void setStaleReport(@CheckForNull Map<String, Object> staleReport) {
        put("staleReport", staleReport);
    }

    @CheckForNull
    public Map<String, Object> getAnalytics() {
        return get("analytics");
    }

    /** Read flagd's evaluations per variant from Prometheus instead of changing anything: [window: '1h']. */
    @DataBoundSetter
    public void setAnalytics(@CheckForNull Map<String, Object> analytics) {
        put("analytics", analytics);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new FlagToggleExecution(context, arguments());
    }

    @Extension
    public static final class DescriptorImpl extends FormDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return CONTEXT;
        }

        @Override
        public String getFunctionName() {
            return "flagToggle";
        }

        @Override
        public String getDisplayName() {
            return "Change feature flags (OpenFeature flagd format) with preview, audit and stale report";
        }
    }
}
