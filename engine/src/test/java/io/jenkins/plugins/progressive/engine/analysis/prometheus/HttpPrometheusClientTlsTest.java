package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import static io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClientTest.failure;
import static io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClientTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Failure;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.FailureKind;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult.Success;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate: untrusted by default, trusted with its CA, accepted when told to skip. */
class HttpPrometheusClientTlsTest {

    private static SelfSignedCertificate localhost;
    private static SelfSignedCertificate otherHost;
    private static FakePrometheus server;
    private static FakePrometheus wrongNameServer;

    @BeforeAll
    static void startHttpsServers(@TempDir Path directory) {
        List<SelfSignedCertificate> certificates = SelfSignedCertificate.generate(directory,
                "IP:127.0.0.1,DNS:localhost", "DNS:prometheus.other.example");
        localhost = certificates.get(0);
        otherHost = certificates.get(1);
        server = FakePrometheus.https(localhost.serverContext());
        wrongNameServer = FakePrometheus.https(otherHost.serverContext());
    }

    @AfterAll
    static void stopServers() {
        server.close();
        wrongNameServer.close();
    }

    @Test
    void selfSignedCertificateIsNotTrustedByDefault() {
        Failure failure = failure(query(PrometheusConnection.of(server.url().toString()), "up"));

        assertThat(failure.kind()).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(failure.message()).startsWith("TLS handshake with 127.0.0.1:" + server.url().getPort() + " failed");
    }

    @Test
    void itsCaCertificateMakesItTrusted() {
        PrometheusConnection connection = PrometheusConnection.of(server.url().toString())
                .withTls(PrometheusTls.customCa("# lab CA\n" + otherHost.pem() + localhost.pem()));

        assertThat(query(connection, "up")).isInstanceOf(Success.class);
    }

    @Test
    void theCaDoesNotExcuseAWrongHostName() {
        PrometheusConnection connection = PrometheusConnection.of(wrongNameServer.url().toString())
                .withTls(PrometheusTls.customCa(otherHost.pem()));

        Failure failure = failure(query(connection, "up"));
        assertThat(failure.kind()).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(failure.message()).contains("127.0.0.1");
    }

    @Test
    void skippingVerificationAcceptsAnyCertificateAndHostNameForThisClientOnly() {
        PrometheusConnection insecure = PrometheusConnection.of(wrongNameServer.url().toString())
                .withTls(PrometheusTls.insecureSkipTlsVerify());

        assertThat(query(insecure, "up")).isInstanceOf(Success.class);
        assertThat(query(insecure.withTls(PrometheusTls.systemTrust()), "up")).isInstanceOf(Failure.class);
    }
}
