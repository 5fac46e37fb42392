package io.jenkins.plugins.progressive.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * "Test connection" for a cluster: asks the API server for its version with the configured credential and turns
 * every failure into a sentence an admin can act on (wrong URL, untrusted certificate, rejected token).
 */
public final class ClusterProbe {
    private ClusterProbe() {}

    /**
     * @return e.g. {@code Kubernetes v1.30}
     * @throws KubernetesClientException if the server cannot be asked or refuses
     */
    public static String version(KubernetesClient client) {
        VersionInfo version = client.getKubernetesVersion();
        String minor = version.getMinor() == null ? "" : version.getMinor().replaceAll("\\D+$", "");
        return "Kubernetes v" + version.getMajor() + "." + minor;
    }

    /** Connects with {@code settings} and {@code credential} and reports what the server said. */
    public static ProbeResult test(ClusterSettings settings, ClusterCredential credential) {
        String url = settings.apiServerUrl();
        try (KubernetesClient client = ClusterClients.create(settings, credential)) {
            return ProbeResult.ok("Connected: " + version(client));
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed(Redaction.redact(e.getMessage(), credential.secrets()));
        } catch (KubernetesClientException e) {
            return ProbeResult.failed(Redaction.redact(explain(url, e), credential.secrets()));
        }
    }

    private static String explain(String url, KubernetesClientException e) {
        if (e.getCode() == 401) {
            return "The API server at " + url + " rejected the credentials (HTTP 401): the token or kubeconfig is"
                    + " wrong or expired.";
        }
        if (e.getCode() == 403) {
            return "The API server at " + url + " denied access (HTTP 403): the credentials are valid but lack"
                    + " permission to read /version.";
        }
        if (e.getCode() > 0) {
            return "The API server at " + url + " answered HTTP " + e.getCode() + "; is this the URL of a"
                    + " Kubernetes API server?";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return "TLS with " + url + " failed (" + cause.getClass().getSimpleName() + "): the server"
                        + " certificate is not trusted. Set the cluster's CA certificate (or, for a test cluster"
                        + " only, skip TLS verification).";
            }
            if (cause instanceof UnknownHostException) {
                return "Unknown host in " + url + ": check the API server URL.";
            }
            if (cause instanceof ConnectException) {
                return "Cannot connect to " + url + " (connection refused or unreachable): check the API server URL"
                        + " and the network between Jenkins and the cluster.";
            }
            if (cause instanceof TimeoutException || cause instanceof InterruptedIOException) {
                return "No answer from " + url + " within " + ClusterClients.REQUEST_TIMEOUT.toSeconds()
                        + " seconds: check the API server URL and firewalls.";
            }
        }
        return "Cannot reach the API server at " + url + ": " + e.getMessage();
    }
}
