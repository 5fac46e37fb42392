package io.jenkins.plugins.progressive.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterProbeTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.s3cr3t-service-account-token";

    private KubernetesMockServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    private String start(boolean https) {
        server = new KubernetesMockServer(https);
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30+").build());
        server.init();
        return server.url("/");
    }

    @Test
    void sendsTheTokenAsBearerAndReportsTheVersion() throws Exception {
        String url = start(false);

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertEquals(ProbeResult.ok("Connected: Kubernetes v1.30"), result);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("/version", request.getPath());
        assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
    }

    @Test
    void rejectedTokenIsExplainedWithoutTheToken() {
        String url = start(false);
        server.clearExpectations();
        server.expect().get().withPath("/version").andReturn(401, "{\"message\":\"Unauthorized " + TOKEN + "\"}")
                .always();

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertFalse(result.ok());
        assertTrue(result.message().contains("rejected the credentials (HTTP 401)"), result.message());
        assertFalse(result.message().contains("s3cr3t"), result.message());
    }

    @Test
    void unreachableServerIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertFalse(result.ok());
        assertTrue(result.message().startsWith("Cannot connect to " + url), result.message());
    }

    @Test
    void untrustedCertificateIsRefusedAndExplained() {
        String url = start(true);

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertFalse(result.ok());
        assertTrue(result.message().startsWith("TLS with " + url + " failed"), result.message());
        assertEquals(0, server.getRequestCount(), "no request, so no token, reached the untrusted server");
    }

    @Test
    void configuredCaCertificateIsWhatTheClientTrusts() throws Exception {
        String url = start(true);
        String pem = Files.readString(Path.of(server.getSelfSignedCertificate().certificatePath()));

        // Connecting would also need a host name in the certificate's subject alternative names, which the mock
        // server's self-signed certificate lacks; so this checks what the client is told to trust.
        Config config = ClusterClients.config(new ClusterSettings(url, pem, false, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertEquals(pem.strip(), new String(Base64.getDecoder().decode(config.getCaCertData()), UTF_8));
        assertFalse(config.isTrustCerts());
        assertFalse(config.isDisableHostnameVerification());
    }

    @Test
    void skipTlsVerifyAcceptsAnyCertificate() {
        String url = start(true);

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, true, null),
                new ClusterCredential.BearerToken(TOKEN));

        assertEquals(ProbeResult.ok("Connected: Kubernetes v1.30"), result);
    }

    @Test
    void kubeconfigSuppliesTheUserWhileTheConfiguredUrlWins() throws Exception {
        String url = start(false);
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: https://somewhere-else.invalid:6443
                users:
                - name: deployer
                  user:
                    token: kubeconfig-token-123
                contexts:
                - name: ctx
                  context:
                    cluster: c
                    user: deployer
                current-context: ctx
                """;

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.Kubeconfig(kubeconfig));

        assertEquals(ProbeResult.ok("Connected: Kubernetes v1.30"), result);
        assertEquals("Bearer kubeconfig-token-123",
                server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
    }

    @Test
    void kubeconfigThatWouldRunAProgramIsRefusedBeforeAnything() {
        String url = start(false);
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                users:
                - name: deployer
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: touch
                      args: ["/tmp/pwned"]
                """;

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.Kubeconfig(kubeconfig));

        assertFalse(result.ok());
        assertTrue(result.message().contains("exec or auth-provider"), result.message());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void unreadableKubeconfigIsNotQuoted() {
        String url = start(false);

        ProbeResult result = ClusterProbe.test(new ClusterSettings(url, null, false, null),
                new ClusterCredential.Kubeconfig("token: s3cr3t\n  - : : ["));

        assertFalse(result.ok());
        assertTrue(result.message().startsWith("The kubeconfig file cannot be read"), result.message());
        assertFalse(result.message().contains("s3cr3t"), result.message());
    }
}
