package io.jenkins.plugins.progressive.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Builds the fabric8 client for one configured cluster from its settings and credential, and from nothing else:
 * no {@code ~/.kube/config}, no {@code KUBERNETES_*} environment, no service-account token of the pod the
 * controller happens to run in. A cluster a job deploys to is exactly the one an administrator configured.
 */
public final class ClusterClients {
    /** Long enough for a distant region, short enough for a "Test connection" click. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /**
     * A kubeconfig user with {@code exec:} or {@code auth-provider:} makes the client run a program or call a cloud
     * SDK on the controller while the file is read; a credential must not be able to do that.
     */
    private static final Pattern PLUGIN_AUTH = Pattern.compile("(?m)^\\s*-?\\s*(exec|auth-provider)\\s*:");

    /**
     * A kubeconfig may name files instead of holding its secrets ({@code tokenFile}, {@code client-certificate},
     * {@code client-key}, {@code certificate-authority}); the client would read them from the controller's disk and
     * send them to the API server. Whoever may store a credential (a folder administrator, too) must not be able to
     * make the controller read its files. The {@code -data} forms, which hold the contents, are what a credential uses.
     */
    private static final Pattern FILE_REFERENCE = Pattern.compile(
            "(?m)^\\s*-?\\s*[\"']?(tokenFile|client-certificate|client-key|certificate-authority)[\"']?\\s*:");

    private ClusterClients() {}

    /**
     * @return a client; the caller closes it
     * @throws IllegalArgumentException if the credential cannot be used; the message names the problem, never the
     *     secret
     */
    public static KubernetesClient create(ClusterSettings settings, ClusterCredential credential) {
        return new KubernetesClientBuilder().withConfig(config(settings, credential)).build();
    }

    /** The client configuration {@link #create} uses; visible for the checks of what it holds. */
    static Config config(ClusterSettings settings, ClusterCredential credential) {
        Config base = base(credential);
        if (credential instanceof ClusterCredential.Kubeconfig) {
            refuseWhatOverridesTheCluster(base, settings);
        }
        boolean skipTlsVerify = settings.skipTlsVerify();
        ConfigBuilder builder = new ConfigBuilder(base)
                .withMasterUrl(settings.apiServerUrl())
                .withNamespace(settings.namespace())
                .withConnectionTimeout((int) CONNECT_TIMEOUT.toMillis())
                .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
                // fabric8 retries ten times by default: an unreachable server would block a form for minutes.
                .withRequestRetryBackoffLimit(0)
                // What the form shows is what the client does, whatever the credential's file says.
                .withTrustCerts(skipTlsVerify)
                .withDisableHostnameVerification(skipTlsVerify)
                .withHttpProxy(null)
                .withHttpsProxy(null);
        if (credential instanceof ClusterCredential.BearerToken token) {
            builder.withOauthToken(token.token());
        }
        String caCertificate = settings.caCertificate();
        if (caCertificate != null) {
            builder.withCaCertData(Base64.getEncoder()
                    .encodeToString(caCertificate.getBytes(StandardCharsets.US_ASCII)))
                    .withCaCertFile(null);
        }
        return builder.build();
    }

    /**
     * A kubeconfig is a credential: whoever may store one (in a folder, too, where it shadows the global id for that
     * folder's builds) must not be able to weaken how the controller reaches the cluster. Its
     * {@code insecure-skip-tls-verify: true} would accept any server certificate, so a man in the middle receives
     * the token; its {@code proxy-url} would send every request, token included, through a host the file names. The
     * cluster configuration decides both, and the form shows them; a file that wants otherwise is refused with a
     * message rather than silently overridden, because overriding would turn into a puzzling TLS or connection error
     * (the file's author evidently needs something the administrator did not configure).
     *
     * <p>The cluster configuration has no proxy: the controller connects to the API server directly (Jenkins' own
     * HTTP proxy is for the internet, e.g. the update center; an API server is usually on an internal network).
     */
    private static void refuseWhatOverridesTheCluster(Config fromFile, ClusterSettings settings) {
        if ((fromFile.isTrustCerts() || fromFile.isDisableHostnameVerification()) && !settings.skipTlsVerify()) {
            throw new IllegalArgumentException("The kubeconfig's cluster sets insecure-skip-tls-verify: true, but"
                    + " this cluster's \"Skip TLS verification\" is off. Remove that line from the kubeconfig and set"
                    + " the cluster's CA certificate (or, for a throw-away test cluster only, skip TLS verification"
                    + " in the cluster configuration).");
        }
        if (fromFile.getHttpProxy() != null || fromFile.getHttpsProxy() != null) {
            throw new IllegalArgumentException("The kubeconfig's cluster sets proxy-url, but the cluster"
                    + " configuration connects to the API server directly: a credential may not route the token"
                    + " through a proxy. Remove proxy-url from the kubeconfig.");
        }
    }

    private static Config base(ClusterCredential credential) {
        if (credential instanceof ClusterCredential.Kubeconfig kubeconfig) {
            if (PLUGIN_AUTH.matcher(kubeconfig.text()).find()) {
                throw new IllegalArgumentException("The kubeconfig uses an exec or auth-provider plugin, which would"
                        + " run a program on the Jenkins controller; use a kubeconfig with a token or a client"
                        + " certificate instead.");
            }
            java.util.regex.Matcher file = FILE_REFERENCE.matcher(kubeconfig.text());
            if (file.find()) {
                throw new IllegalArgumentException("The kubeconfig names a file (" + file.group(1) + "), which would be"
                        + " read from the Jenkins controller's disk; put the contents in the kubeconfig instead ("
                        + (file.group(1).equals("tokenFile") ? "token" : file.group(1) + "-data") + ").");
            }
            try {
                return Config.fromKubeconfig(kubeconfig.text());
            } catch (RuntimeException e) {
                // The parser's message may quote the file, i.e. the secret: say only what kind of problem it is.
                throw new IllegalArgumentException("The kubeconfig file cannot be read ("
                        + e.getClass().getSimpleName() + "); check that it is a complete kubeconfig with a"
                        + " current-context.");
            }
        }
        return Config.empty();
    }
}
