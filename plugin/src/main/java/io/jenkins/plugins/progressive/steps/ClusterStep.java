package io.jenkins.plugins.progressive.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * What every step of this plugin shares: the {@code cluster} and {@code namespace} parameters and the way arguments
 * are kept — as the plain map a Jenkinsfile wrote, so that the step, its execution and the offline tests read them
 * through one parser ({@code steps.args}) and the execution can keep them across a restart.
 */
public abstract class ClusterStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> arguments = new LinkedHashMap<>();

    /** The Pipeline context a rollout step needs: the build, its log, and its node (marked paused at approvals). */
    static final Set<? extends Class<?>> CONTEXT = Set.of(Run.class, TaskListener.class, FlowNode.class);

    /** The arguments as given, for tests and the execution. */
    public Map<String, Object> arguments() {
        return java.util.Collections.unmodifiableMap(arguments);
    }

    protected final void put(String name, @CheckForNull Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            arguments.remove(name);
        } else {
            arguments.put(name, serializable(value));
        }
    }

    @SuppressWarnings("unchecked")
    protected final <T> T get(String name) {
        return (T) arguments.get(name);
    }

    /** Copies Groovy's maps and lists (and turns GStrings into Strings) so that the step can be saved as it is. */
    private static Object serializable(Object value) {
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? null : serializable(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(v == null ? null : serializable(v)));
            return copy;
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        return value;
    }

    @CheckForNull
    public String getCluster() {
        return get("cluster");
    }

    /** The configured cluster to deploy to; may be left out when exactly one is configured. */
    @DataBoundSetter
    public void setCluster(@CheckForNull String cluster) {
        put("cluster", cluster);
    }

    @CheckForNull
    public String getNamespace() {
        return get("namespace");
    }

    /** The namespace; defaults to the cluster's default namespace. */
    @DataBoundSetter
    public void setNamespace(@CheckForNull String namespace) {
        put("namespace", namespace);
    }

    /**
     * The descriptor of every step here. Its form (the Snippet Generator's) offers each true/false parameter the step
     * may leave out as a choice whose first entry, the step's own default, is the empty value: that entry must leave
     * the parameter out. Stapler would hand "" to a {@code Boolean} setter as {@code false} (commons-beanutils'
     * converter falls back to false), structs would then keep it as different from the default instance's
     * {@code null}, and the snippet would say {@code autoRollback: false} or {@code enabled: false} unasked. So a
     * blank field is dropped before binding; Stapler calls a setter only for the fields that are present.
     */
    public abstract static class FormDescriptor extends StepDescriptor {
        @Override
        public Step newInstance(@CheckForNull StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            // Removed in place: copying through json-lib's put would parse text that looks like JSON (a manifest).
            blankFields(formData).forEach(formData::remove);
            return super.newInstance(req, formData);
        }

        /** The fields left blank: empty text and number fields, and the "(default)" choices. */
        static List<String> blankFields(Map<?, ?> formData) {
            List<String> blank = new ArrayList<>();
            formData.forEach((key, value) -> {
                if (value instanceof String text && text.isEmpty()) {
                    blank.add(String.valueOf(key));
                }
            });
            return blank;
        }
    }
}
