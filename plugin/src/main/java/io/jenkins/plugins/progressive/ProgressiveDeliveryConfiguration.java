package io.jenkins.plugins.progressive;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
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

    private static final String CLUSTERS_FIELD = "clusters";

    private String defaultNamespace = DEFAULT_NAMESPACE;

    /** A mutable list type: XStream, which writes this to disk, cannot restore Java's immutable lists. */
    private ArrayList<ClusterConfig> clusters = new ArrayList<>();

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

    /** The clusters steps may deploy to, in the order an administrator listed them. */
    @NonNull
    public List<ClusterConfig> getClusters() {
        // An XML file without the element leaves the field null.
        return clusters == null ? List.of() : Collections.unmodifiableList(clusters);
    }

    /**
     * Sets and saves the clusters.
     *
     * @throws IllegalArgumentException if two clusters share a name; nothing changes then
     */
    @DataBoundSetter
    public void setClusters(@CheckForNull List<ClusterConfig> clusters) {
        List<ClusterConfig> list = clusters == null ? List.of() : List.copyOf(clusters);
        duplicateName(list.stream().map(ClusterConfig::getName).toList()).ifPresent(name -> {
            throw new IllegalArgumentException(duplicateMessage(name));
        });
        this.clusters = new ArrayList<>(list);
        save();
    }

    /** The cluster a step names, if an administrator configured one by that name. */
    public Optional<ClusterConfig> findCluster(@CheckForNull String name) {
        return getClusters().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    /** Rejects a bad name before binding, so the form shows which field is wrong instead of a stack trace. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        Optional<String> problem = NamespaceName.problem(orDefault(json.optString(DEFAULT_NAMESPACE_FIELD)));
        if (problem.isPresent()) {
            throw new FormException(problem.get(), DEFAULT_NAMESPACE_FIELD);
        }
        Optional<String> duplicate = duplicateName(clusterNames(json.opt(CLUSTERS_FIELD)));
        if (duplicate.isPresent()) {
            throw new FormException(duplicateMessage(duplicate.get()), CLUSTERS_FIELD);
        }
        boolean bound;
        try {
            bound = super.configure(req, json);
        } catch (IllegalArgumentException e) {
            // A field the per-field check already flags (bad URL, name, certificate): a message, not a stack trace.
            throw new FormException(innermostMessage(e), e, CLUSTERS_FIELD);
        }
        // A form whose last cluster was deleted sends no "clusters" at all, and binding keeps the old list.
        if (!json.has(CLUSTERS_FIELD)) {
            setClusters(List.of());
        }
        return bound;
    }

    /** The names in the submitted form: one entry binds to an object, several to an array. */
    private static List<String> clusterNames(@CheckForNull Object clustersJson) {
        List<String> names = new ArrayList<>();
        if (clustersJson instanceof JSONArray array) {
            for (Object entry : array) {
                if (entry instanceof JSONObject cluster) {
                    names.add(cluster.optString("name").trim());
                }
            }
        } else if (clustersJson instanceof JSONObject cluster) {
            names.add(cluster.optString("name").trim());
        }
        return names;
    }

    /** Stapler wraps the refusal of a constructor or setter in "Failed to instantiate ... from {json}". */
    private static String innermostMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return message;
    }

    private static Optional<String> duplicateName(List<String> names) {
        Set<String> seen = new HashSet<>();
        return names.stream().filter(name -> !seen.add(name)).findFirst();
    }

    private static String duplicateMessage(String name) {
        return "Two clusters are named " + name + "; Jenkinsfiles pick a cluster by name, so names must be unique.";
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
