package io.jenkins.plugins.progressive.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;

/** The fabric8 configuration built from a kubeconfig credential: the cluster configuration's TLS and proxy win. */
class ClusterClientsTest {
    private static final String URL = "https://10.0.0.1:6443";
    private static final String TOKEN = "kubeconfig-s3cr3t-token";

    private static String kubeconfig(String clusterExtra) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: prod
                  cluster:
                    server: https://file-server.example:6443
                %s
                users:
                - name: deployer
                  user:
                    token: %s
                contexts:
                - name: prod
                  context:
                    cluster: prod
                    user: deployer
                current-context: prod
                """.formatted(clusterExtra.isEmpty() ? "" : "    " + clusterExtra, TOKEN);
    }

    private static Config config(String clusterExtra, boolean skipTlsVerify) {
        return ClusterClients.config(new ClusterSettings(URL, null, skipTlsVerify, "payments"),
                new ClusterCredential.Kubeconfig(kubeconfig(clusterExtra)));
    }

    @Test
    void aPlainKubeconfigGivesTheUserAndKeepsTheClustersUrlAndTls() {
        Config config = config("", false);

        // fabric8 keeps a kubeconfig's token apart from an explicitly set one.
        assertThat(config.getAutoOAuthToken()).isEqualTo(TOKEN);
        assertThat(config.getMasterUrl()).startsWith(URL);
        assertThat(config.getNamespace()).isEqualTo("payments");
        assertThat(config.isTrustCerts()).isFalse();
        assertThat(config.isDisableHostnameVerification()).isFalse();
        assertThat(config.getHttpProxy()).isNull();
        assertThat(config.getHttpsProxy()).isNull();
    }

    @Test
    void aKubeconfigThatSkipsTlsVerificationIsRefusedWhileTheClusterVerifies() {
        assertThatThrownBy(() -> config("insecure-skip-tls-verify: true", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("insecure-skip-tls-verify: true")
                .hasMessageContaining("\"Skip TLS verification\" is off")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aKubeconfigThatSkipsTlsVerificationIsAcceptedWhenTheAdministratorSkipsItToo() {
        Config config = config("insecure-skip-tls-verify: true", true);

        assertThat(config.isTrustCerts()).isTrue();
        assertThat(config.isDisableHostnameVerification()).isTrue();
    }

    @Test
    void aKubeconfigThatVerifiesIsVerifiedEvenWhenItSaysFalseExplicitly() {
        Config config = config("insecure-skip-tls-verify: false", false);

        assertThat(config.isTrustCerts()).isFalse();
    }

    @Test
    void aKubeconfigProxyIsRefused() {
        for (String proxy : new String[] {"http://proxy.attacker.example:3128", "https://proxy.attacker.example",
                "socks5://proxy.attacker.example:1080"}) {
            assertThatThrownBy(() -> config("proxy-url: " + proxy, false))
                    .as(proxy)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("proxy-url")
                    .hasMessageNotContaining("attacker")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void aBearerTokenUsesNoProxyAndTheClustersTls() {
        Config config = ClusterClients.config(new ClusterSettings(URL, null, true, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertThat(config.getOauthToken()).isEqualTo(TOKEN);
        assertThat(config.isTrustCerts()).isTrue();
        assertThat(config.getHttpsProxy()).isNull();
    }

    @Test
    void aKubeconfigThatNamesFilesOnTheControllerIsRefused() {
        for (String line : new String[] {"certificate-authority: /var/jenkins_home/secrets/master.key",
                "\"certificate-authority\": /etc/shadow"}) {
            assertThatThrownBy(() -> config(line, false)).as(line).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names a file (certificate-authority)")
                    .hasMessageContaining("certificate-authority-data")
                    .hasMessageNotContaining("/etc").hasMessageNotContaining("master.key");
        }
        String userFiles = kubeconfig("").replace("    token: " + TOKEN, "    tokenFile: /var/jenkins_home/secret.key");
        assertThatThrownBy(() -> ClusterClients.config(new ClusterSettings(URL, null, false, "payments"),
                new ClusterCredential.Kubeconfig(userFiles))).hasMessageContaining("names a file (tokenFile)")
                .hasMessageContaining("instead (token)");
        String clientCert = kubeconfig("").replace("    token: " + TOKEN,
                "    client-certificate: /home/jenkins/.ssh/id_rsa\n    client-key-data: AAAA");
        assertThatThrownBy(() -> ClusterClients.config(new ClusterSettings(URL, null, false, "payments"),
                new ClusterCredential.Kubeconfig(clientCert))).hasMessageContaining("names a file (client-certificate)");
        String inline = kubeconfig("certificate-authority-data: QUJD");
        assertThat(ClusterClients.config(new ClusterSettings(URL, null, false, "payments"),
                new ClusterCredential.Kubeconfig(inline)).getCaCertData()).isEqualTo("QUJD");
    }
}
