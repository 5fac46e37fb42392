package io.jenkins.plugins.progressive;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.ProxyConfiguration;
import hudson.model.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.cluster.ClusterClients;
import io.jenkins.plugins.progressive.cluster.ClusterCredential;
import io.jenkins.plugins.progressive.cluster.JobPatterns;
import io.jenkins.plugins.progressive.cluster.Redaction;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * A configured cluster as one build sees it: credentials resolved with the build's identity
 * ({@code findCredentialById(id, type, run)}: folder credentials, credential parameters and usage tracking apply),
 * the fabric8 client and the Prometheus client for its gates. Closed when the rollout ends; after a restart the step
 * opens a new one.
 */
public final class BuildCluster implements AutoCloseable {
    /** The form refuses SYSTEM scope, but an older configuration or configuration-as-code may still hold one. */
    private static final String SYSTEM_SCOPE_HINT = " (credentials with SYSTEM scope never are; use GLOBAL scope)";

    private final ClusterConfig config;
    private final KubernetesClient client;
    @CheckForNull
    private final HttpPrometheusClient prometheus;
    private final List<String> secrets;

    private BuildCluster(ClusterConfig config, KubernetesClient client, @CheckForNull HttpPrometheusClient prometheus,
            List<String> secrets) {
        this.config = config;
        this.client = client;
        this.prometheus = prometheus;
        this.secrets = List.copyOf(secrets);
    }

    /**
     * The cluster a step names, checked against the job: refused (with the names an author may use) when it does not
     * exist or this job may not deploy to it. No I/O: safe on the Pipeline's thread.
     */
    public static ClusterConfig select(@CheckForNull String name, Run<?, ?> run) throws AbortException {
        ProgressiveDeliveryConfiguration global = ProgressiveDeliveryConfiguration.get();
        List<ClusterConfig> clusters = global.getClusters();
        ClusterConfig config;
        if (name == null || name.isBlank()) {
            if (clusters.size() != 1) {
                throw new AbortException("cluster: name the cluster to deploy to"
                        + (clusters.isEmpty() ? "; none is configured (Manage Jenkins → System → Progressive Delivery)"
                        : ", one of " + names(clusters)));
            }
            config = clusters.get(0);
        } else {
            config = global.findCluster(name.strip()).orElseThrow(() -> new AbortException("cluster: '" + name
                    + "' is not configured" + (clusters.isEmpty() ? "" : "; configured: " + names(clusters))));
        }
        String job = run.getParent().getFullName();
        // One parse serves the check and the message: the nullable text itself is never read again here.
        JobPatterns allowed = config.jobPatterns();
        if (!allowed.matches(job)) {
            throw new AbortException("cluster: job " + job + " may not deploy to cluster '" + config.getName()
                    + "' (an administrator limits it to: " + allowed.describe() + ")");
        }
        return config;
    }

    /** Resolves the credentials for this build and builds the clients; the messages never contain a secret. */
    public static BuildCluster open(ClusterConfig config, Run<?, ?> run) throws AbortException {
        List<String> secrets = new ArrayList<>();
        ClusterCredential credential = clusterCredential(config, run);
        secrets.addAll(credential.secrets());
        KubernetesClient client;
        try {
            client = ClusterClients.create(config.toSettings(), credential);
        } catch (IllegalArgumentException e) {
            throw new AbortException("cluster '" + config.getName() + "': " + Redaction.redact(e.getMessage(), secrets));
        }
        HttpPrometheusClient prometheus = null;
        String prometheusUrl = config.getPrometheusUrl();
        if (prometheusUrl != null) {
            PrometheusAuth auth = PrometheusAuth.none();
            String id = config.getPrometheusCredentialsId();
            if (id != null) {
                StringCredentials token = CredentialsProvider.findCredentialById(id, StringCredentials.class, run, List.of());
                if (token == null) {
                    client.close();
                    throw new AbortException("cluster '" + config.getName() + "': no Secret text credentials with id "
                            + id + " for Prometheus are visible to this build" + SYSTEM_SCOPE_HINT);
                }
                secrets.add(token.getSecret().getPlainText());
                auth = PrometheusAuth.bearer(token.getSecret().getPlainText());
            }
            // Prometheus is reached as Jenkins reaches the internet: through its HTTP proxy, unless a no-proxy host.
            prometheus = new HttpPrometheusClient(PrometheusConnection.of(prometheusUrl).withAuth(auth),
                    ProxyConfiguration::newHttpClientBuilder);
        }
        return new BuildCluster(config, client, prometheus, secrets);
    }

    private static ClusterCredential clusterCredential(ClusterConfig config, Run<?, ?> run) throws AbortException {
        String id = config.getCredentialsId();
        if (id == null) {
            throw new AbortException("cluster '" + config.getName() + "' has no credentials configured");
        }
        StandardCredentials credentials = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, List.of());
        try {
            if (credentials instanceof StringCredentials token) {
                return new ClusterCredential.BearerToken(token.getSecret().getPlainText());
            }
            if (credentials instanceof FileCredentials file) {
                return new ClusterCredential.Kubeconfig(AdminCredentials.read(file));
            }
        } catch (IllegalArgumentException e) {
            throw new AbortException("cluster '" + config.getName() + "': credentials " + id + ": " + e.getMessage());
        }
        throw new AbortException("cluster '" + config.getName() + "': no Secret text or Secret file credentials with id "
                + id + " are visible to this build" + SYSTEM_SCOPE_HINT);
    }

    private static String names(List<ClusterConfig> clusters) {
        return String.join(", ", clusters.stream().map(ClusterConfig::getName).toList());
    }

    public ClusterConfig config() {
        return config;
    }

    public KubernetesClient client() {
        return client;
    }

    @CheckForNull
    public HttpPrometheusClient prometheus() {
        return prometheus;
    }

    /** Removes every secret this build resolved from a text that may end up in the log or on the page. */
    public String redact(String text) {
        return Redaction.redact(text, secrets);
    }

    @Override
    public void close() {
        if (prometheus != null) {
            prometheus.close();
        }
        client.close();
    }
}
