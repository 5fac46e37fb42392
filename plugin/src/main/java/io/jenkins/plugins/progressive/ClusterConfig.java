package io.jenkins.plugins.progressive;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ProxyConfiguration;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.progressive.cluster.ClusterCredential;
import io.jenkins.plugins.progressive.cluster.ClusterName;
import io.jenkins.plugins.progressive.cluster.ClusterProbe;
import io.jenkins.plugins.progressive.cluster.ClusterSettings;
import io.jenkins.plugins.progressive.cluster.GateDefaults;
import io.jenkins.plugins.progressive.cluster.JobPatterns;
import io.jenkins.plugins.progressive.cluster.ProbeResult;
import io.jenkins.plugins.progressive.cluster.PrometheusProbe;
import io.jenkins.plugins.progressive.cluster.ServerUrl;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One Kubernetes cluster the steps may deploy to, configured by an administrator and picked by its {@link #getName()
 * name} in a Jenkinsfile. It holds credential ids, never secrets: tokens stay in the credentials store.
 */
public final class ClusterConfig implements Describable<ClusterConfig> {
    private final String name;
    private final String apiServerUrl;
    private String caCertificate;
    private boolean skipTlsVerify;
    private String credentialsId;
    private String defaultNamespace;
    private String region;
    private String labels;
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String allowedJobs;
    private String approvers;
    private boolean separationOfDuties;
    private String gateDefaults;

    /**
     * @throws IllegalArgumentException if the name or URL is invalid; the message says which and why
     */
    @DataBoundConstructor
    public ClusterConfig(String name, String apiServerUrl) {
        ClusterName.problem(name).ifPresent(ClusterConfig::refuse);
        ServerUrl.problem(apiServerUrl, "API server URL").ifPresent(ClusterConfig::refuse);
        this.name = name;
        this.apiServerUrl = apiServerUrl.trim();
    }

    /** The name Jenkinsfiles use to pick this cluster, unique among the clusters. */
    public String getName() {
        return name;
    }

    public String getApiServerUrl() {
        return apiServerUrl;
    }

    /** PEM text of the CA the API server's certificate must chain to, or {@code null} for the JVM's trust store. */
    @CheckForNull
    public String getCaCertificate() {
        return caCertificate;
    }

    /**
     * @throws IllegalArgumentException if the text is not a PEM certificate
     */
    @DataBoundSetter
    public void setCaCertificate(@CheckForNull String caCertificate) {
        String pem = blankToNull(caCertificate);
        if (pem != null) {
            ClusterSettings.caProblem(pem).ifPresent(ClusterConfig::refuse);
        }
        this.caCertificate = pem;
    }

    public boolean isSkipTlsVerify() {
        return skipTlsVerify;
    }

    @DataBoundSetter
    public void setSkipTlsVerify(boolean skipTlsVerify) {
        this.skipTlsVerify = skipTlsVerify;
    }

    /** Id of a Secret text (bearer token) or Secret file (kubeconfig) credential. */
    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    /** The namespace steps use on this cluster when they name none; {@code null}: the global default. */
    @CheckForNull
    public String getDefaultNamespace() {
        return defaultNamespace;
    }

    /**
     * @throws IllegalArgumentException if the name is not a valid namespace name
     */
    @DataBoundSetter
    public void setDefaultNamespace(@CheckForNull String defaultNamespace) {
        String namespace = blankToNull(defaultNamespace);
        if (namespace != null) {
            NamespaceName.problem(namespace).ifPresent(ClusterConfig::refuse);
        }
        this.defaultNamespace = namespace;
    }

    /** Free text, e.g. {@code eu-west-1}; shown to users, not interpreted. */
    @CheckForNull
    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(@CheckForNull String region) {
        this.region = blankToNull(region);
    }

    /** Free text, e.g. {@code env=prod, tier=1}; shown to users, not interpreted. */
    @CheckForNull
    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(@CheckForNull String labels) {
        this.labels = blankToNull(labels);
    }

    /** Base URL of the Prometheus the analysis of rollouts on this cluster queries, or {@code null}. */
    @CheckForNull
    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    /**
     * @throws IllegalArgumentException if the URL is not an http(s) URL
     */
    @DataBoundSetter
    public void setPrometheusUrl(@CheckForNull String prometheusUrl) {
        String url = blankToNull(prometheusUrl);
        if (url != null) {
            ServerUrl.problem(url, "Prometheus URL").ifPresent(ClusterConfig::refuse);
        }
        this.prometheusUrl = url;
    }

    /** Id of a Secret text credential sent as bearer token to Prometheus, or {@code null} for none. */
    @CheckForNull
    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(@CheckForNull String prometheusCredentialsId) {
        this.prometheusCredentialsId = blankToNull(prometheusCredentialsId);
    }

    /**
     * Which jobs may deploy to this cluster: job full-name patterns, one per line or comma-separated ({@code *}
     * within a folder, {@code **} across folders); empty lets every job use it.
     */
    @CheckForNull
    public String getAllowedJobs() {
        return allowedJobs;
    }

    @DataBoundSetter
    public void setAllowedJobs(@CheckForNull String allowedJobs) {
        JobPatterns.problem(allowedJobs).ifPresent(ClusterConfig::refuse);
        this.allowedJobs = blankToNull(allowedJobs);
    }

    /** Users or groups who may decide approval gates of rollouts on this cluster when a step names none. */
    @CheckForNull
    public String getApprovers() {
        return approvers;
    }

    @DataBoundSetter
    public void setApprovers(@CheckForNull String approvers) {
        this.approvers = blankToNull(approvers);
    }

    /** Whether the user who started a build may not approve its rollouts on this cluster. */
    public boolean isSeparationOfDuties() {
        return separationOfDuties;
    }

    @DataBoundSetter
    public void setSeparationOfDuties(boolean separationOfDuties) {
        this.separationOfDuties = separationOfDuties;
    }

    /** This cluster's thresholds for the built-in gates, one per line: {@code errorRate < 0.5%}. */
    @CheckForNull
    public String getGateDefaults() {
        return gateDefaults;
    }

    @DataBoundSetter
    public void setGateDefaults(@CheckForNull String gateDefaults) {
        GateDefaults.problem(gateDefaults).ifPresent(ClusterConfig::refuse);
        this.gateDefaults = blankToNull(gateDefaults);
    }

    /** Check name → condition, from {@link #getGateDefaults()}. */
    public java.util.Map<String, String> gateConditions() {
        return GateDefaults.parse(gateDefaults);
    }

    /** Whether a job (by full name) may deploy here. */
    public boolean allows(String jobFullName) {
        return jobPatterns().matches(jobFullName);
    }

    /** The jobs that may deploy here, parsed from {@link #getAllowedJobs()}; none listed: every job. */
    public JobPatterns jobPatterns() {
        return JobPatterns.parse(allowedJobs);
    }

    /** The default approvers as a list. */
    public java.util.List<String> approverList() {
        return approvers == null ? java.util.List.of() : java.util.Arrays.stream(approvers.split("[,\\n]"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** How to reach the API server, for {@code io.jenkins.plugins.progressive.cluster.ClusterClients}. */
    public ClusterSettings toSettings() {
        return new ClusterSettings(apiServerUrl, caCertificate, skipTlsVerify, defaultNamespace);
    }

    @CheckForNull
    private static String blankToNull(@CheckForNull String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void refuse(String problem) {
        throw new IllegalArgumentException(problem);
    }

    /** The form of a cluster entry and its checks; every method is for administrators only. */
    @Extension
    @Symbol("cluster")
    public static final class DescriptorImpl extends Descriptor<ClusterConfig> {
        private static final List<Class<?>> CLUSTER_KINDS = List.of(StringCredentials.class, FileCredentials.class);

        private static final String CLUSTER_KINDS_TEXT = "Secret text (token) or Secret file (kubeconfig)";

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kubernetes cluster";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return AdminCredentials.clusterChoices(credentialsId);
        }

        @POST
        public ListBoxModel doFillPrometheusCredentialsIdItems(@QueryParameter String prometheusCredentialsId) {
            return AdminCredentials.tokenChoices(prometheusCredentialsId);
        }

        /** A SYSTEM-scoped id (typed into configuration-as-code, say) is flagged: builds could not use it. */
        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return errorOrOk(AdminCredentials.problem(value, CLUSTER_KINDS, CLUSTER_KINDS_TEXT));
        }

        @POST
        public FormValidation doCheckPrometheusCredentialsId(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return errorOrOk(AdminCredentials.problem(value, List.of(StringCredentials.class), "Secret text"));
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return errorOrOk(ClusterName.problem(value));
        }

        @POST
        public FormValidation doCheckApiServerUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            Optional<String> problem = ServerUrl.problem(value, "API server URL");
            if (problem.isPresent()) {
                return FormValidation.error(problem.get());
            }
            return ServerUrl.isPlainHttp(value)
                    ? FormValidation.warning("http:// sends the token in clear text; use https:// outside a test"
                            + " setup.")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckCaCertificate(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String pem = blankToNull(value);
            return pem == null ? FormValidation.ok() : errorOrOk(ClusterSettings.caProblem(pem));
        }

        @POST
        public FormValidation doCheckSkipTlsVerify(@QueryParameter boolean value,
                @QueryParameter String caCertificate) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (!value) {
                return FormValidation.ok();
            }
            if (blankToNull(caCertificate) != null) {
                return FormValidation.error("Set either a CA certificate or skip TLS verification, not both.");
            }
            return FormValidation.warning("Insecure: any server can pretend to be this cluster and receive its"
                    + " token. Use only for throw-away test clusters; set the CA certificate instead.");
        }

        @POST
        public FormValidation doCheckDefaultNamespace(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String namespace = blankToNull(value);
            return namespace == null
                    ? FormValidation.ok("Steps that name no namespace use the global default namespace.")
                    : errorOrOk(NamespaceName.problem(namespace));
        }

        @POST
        public FormValidation doCheckPrometheusUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String url = blankToNull(value);
            return url == null
                    ? FormValidation.ok("Without Prometheus, rollouts on this cluster cannot use metric gates.")
                    : errorOrOk(ServerUrl.problem(url, "Prometheus URL"));
        }

        @POST
        public FormValidation doCheckAllowedJobs(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return JobPatterns.problem(value).map(FormValidation::error).orElseGet(() -> value == null || value.isBlank()
                    ? FormValidation.warning("Every job may deploy to this cluster.") : FormValidation.ok());
        }

        @POST
        public FormValidation doCheckGateDefaults(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return GateDefaults.problem(value).map(FormValidation::error).orElseGet(FormValidation::ok);
        }

        /** Asks the API server for its version with the selected credential. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String apiServerUrl,
                @QueryParameter String caCertificate, @QueryParameter boolean skipTlsVerify,
                @QueryParameter String credentialsId) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            ClusterSettings settings;
            try {
                settings = new ClusterSettings(apiServerUrl, caCertificate, skipTlsVerify, null);
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            Optional<ClusterCredential> credential;
            try {
                credential = AdminCredentials.forCluster(credentialsId);
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            return credential
                    .map(c -> toValidation(ClusterProbe.test(settings, c)))
                    .orElseGet(() -> FormValidation.error(AdminCredentials.missing(credentialsId,
                            CLUSTER_KINDS_TEXT)));
        }

        /** Runs {@code vector(1)} against Prometheus with the selected bearer token, if any. */
        @POST
        public FormValidation doTestPrometheus(@QueryParameter String prometheusUrl,
                @QueryParameter String prometheusCredentialsId) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String url = blankToNull(prometheusUrl);
            Optional<String> problem = ServerUrl.problem(url, "Prometheus URL");
            if (problem.isPresent()) {
                return FormValidation.error(problem.get());
            }
            String id = blankToNull(prometheusCredentialsId);
            if (id == null) {
                return toValidation(PrometheusProbe.test(url, null, ProxyConfiguration::newHttpClientBuilder));
            }
            Optional<String> token;
            try {
                token = AdminCredentials.token(id);
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            return token
                    .map(t -> toValidation(PrometheusProbe.test(url, t, ProxyConfiguration::newHttpClientBuilder)))
                    .orElseGet(() -> FormValidation.error(AdminCredentials.missing(id, "Secret text")));
        }

        private static FormValidation toValidation(ProbeResult result) {
            return result.ok() ? FormValidation.ok(result.message()) : FormValidation.error(result.message());
        }

        private static FormValidation errorOrOk(Optional<String> problem) {
            return problem.map(FormValidation::error).orElseGet(FormValidation::ok);
        }
    }
}
