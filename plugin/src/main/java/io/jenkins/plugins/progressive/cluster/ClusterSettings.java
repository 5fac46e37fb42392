package io.jenkins.plugins.progressive.cluster;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Optional;

/**
 * How to reach one cluster's API server, without the credential: what {@link ClusterClients} needs besides it.
 *
 * @param apiServerUrl e.g. {@code https://10.0.0.1:6443}
 * @param caCertificate PEM text of the CA(s) the server certificate must chain to; {@code null} for the JVM's trust
 *     store (or the kubeconfig's CA)
 * @param skipTlsVerify accept any server certificate and host name; for throw-away test clusters only
 * @param namespace the client's default namespace, {@code null} for none
 */
public record ClusterSettings(String apiServerUrl, @CheckForNull String caCertificate, boolean skipTlsVerify,
        @CheckForNull String namespace) {

    public ClusterSettings {
        ServerUrl.problem(apiServerUrl, "API server URL").ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        apiServerUrl = apiServerUrl.trim();
        caCertificate = caCertificate == null || caCertificate.isBlank() ? null : caCertificate.strip();
        if (caCertificate != null && skipTlsVerify) {
            // As kubectl: both at once is a configuration mistake, and it is unclear which one was meant.
            throw new IllegalArgumentException("Set either a CA certificate or skip TLS verification, not both.");
        }
        if (caCertificate != null) {
            caProblem(caCertificate).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
        namespace = namespace == null || namespace.isBlank() ? null : namespace.trim();
    }

    /**
     * @return why {@code pem} is not one or more PEM certificates, or empty if it is
     */
    public static Optional<String> caProblem(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.of("The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----.");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .isEmpty()) {
                return Optional.of("The CA certificate holds no certificate.");
            }
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of("The CA certificate cannot be read: " + e.getMessage());
        }
    }
}
