package io.jenkins.plugins.progressive;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Controller-wide defaults of the progressive delivery steps: "Manage Jenkins » System", or
 * {@code unclassified: progressiveDelivery:} in configuration-as-code.
 */
@Extension
@Symbol("progressiveDelivery")
public final class ProgressiveDeliveryConfiguration extends GlobalConfiguration {
    /** What Kubernetes itself uses when no namespace is given. */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final String DEFAULT_NAMESPACE_FIELD = "defaultNamespace";

    private String defaultNamespace = DEFAULT_NAMESPACE;

    public ProgressiveDeliveryConfiguration() {
        load();
    }

    public static ProgressiveDeliveryConfiguration get() {
        return ExtensionList.lookupSingleton(ProgressiveDeliveryConfiguration.class);
    }

    /** The namespace a step deploys to when it names none. */
    @NonNull
    public String getDefaultNamespace() {
        // A hand-edited or older XML file may hold nothing here.
        return orDefault(defaultNamespace);
    }

    /**
     * Sets and saves the default namespace; blank means {@value #DEFAULT_NAMESPACE}.
     *
     * @throws IllegalArgumentException if the name is not a valid Kubernetes namespace name; nothing changes then
     */
    @DataBoundSetter
    public void setDefaultNamespace(@CheckForNull String defaultNamespace) {
        String name = orDefault(defaultNamespace);
        Optional<String> problem = NamespaceName.problem(name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        this.defaultNamespace = name;
        save();
    }

    /** Rejects a bad name before binding, so the form shows which field is wrong instead of a stack trace. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        Optional<String> problem = NamespaceName.problem(orDefault(json.optString(DEFAULT_NAMESPACE_FIELD)));
        if (problem.isPresent()) {
            throw new FormException(problem.get(), DEFAULT_NAMESPACE_FIELD);
        }
        return super.configure(req, json);
    }

    @POST
    public FormValidation doCheckDefaultNamespace(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (value == null || value.isBlank()) {
            return FormValidation.ok("Steps that name no namespace deploy to \"" + DEFAULT_NAMESPACE + "\".");
        }
        String name = value.trim();
        Optional<String> problem = NamespaceName.problem(name);
        if (problem.isPresent()) {
            return FormValidation.error(problem.get());
        }
        if (NamespaceName.isReservedForKubernetes(name)) {
            return FormValidation.warning(
                    "Namespaces starting with kube- belong to Kubernetes itself; deploying applications there is"
                            + " almost certainly a mistake.");
        }
        return FormValidation.ok();
    }

    private static String orDefault(@CheckForNull String name) {
        return name == null || name.isBlank() ? DEFAULT_NAMESPACE : name.trim();
    }
}
