package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which server certificates an {@code https} connection to Prometheus accepts. Ignored for {@code http}. */
public sealed interface PrometheusTls {

    /** The JVM's default trust store, with hostname verification. */
    static PrometheusTls systemTrust() {
        return SystemTrust.INSTANCE;
    }

    /** Only certificates issued by the given CA(s), with hostname verification; see {@link CustomCa}. */
    static PrometheusTls customCa(String pem) {
        return new CustomCa(pem);
    }

    /** Accept any certificate; see {@link InsecureSkipVerify} before using it. */
    static PrometheusTls insecureSkipTlsVerify() {
        return InsecureSkipVerify.INSTANCE;
    }

    /**
     * The form a configuration page offers: a CA text field and a checkbox.
     *
     * @param caCertificatesPem PEM text, or {@code null}/blank for the system trust store
     * @param insecureSkipTlsVerify accept any certificate; cannot be combined with CA certificates
     */
    static PrometheusTls of(String caCertificatesPem, boolean insecureSkipTlsVerify) {
        boolean hasCa = caCertificatesPem != null && !caCertificatesPem.isBlank();
        if (hasCa && insecureSkipTlsVerify) {
            // As kubectl: both at once is a configuration mistake, and it is unclear which one was meant.
            throw new IllegalArgumentException("prometheus.tls: set either caCertificates or insecureSkipTlsVerify, "
                    + "not both");
        }
        return hasCa ? customCa(caCertificatesPem) : insecureSkipTlsVerify ? insecureSkipTlsVerify() : systemTrust();
    }

    /** The JVM's trust store. */
    enum SystemTrust implements PrometheusTls {
        INSTANCE;

        @Override
        public String toString() {
            return "system trust store";
        }
    }

    /**
     * Trust exactly the given CA certificates instead of the JVM's trust store, as Prometheus' own {@code ca_file}
     * does. The server's name must still match its certificate.
     *
     * @param pem one or more {@code -----BEGIN CERTIFICATE-----} blocks; text around them is ignored
     */
    record CustomCa(String pem) implements PrometheusTls {

        private static final Pattern BLOCK = Pattern.compile(
                "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

        public CustomCa {
            certificates(pem); // validates
        }

        /** The parsed certificates, in the order given. */
        public List<X509Certificate> certificates() {
            return certificates(pem);
        }

        private static List<X509Certificate> certificates(String pem) {
            String field = "prometheus.tls.caCertificates";
            if (pem == null || pem.isBlank()) {
                throw new IllegalArgumentException(field + ": must not be blank");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            Matcher block = BLOCK.matcher(pem);
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                while (block.find()) {
                    byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            } catch (CertificateException | IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": certificate #" + (certificates.size() + 1)
                        + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(field + ": no '-----BEGIN CERTIFICATE-----' block found; "
                        + "paste the CA certificate(s) in PEM format");
            }
            return List.copyOf(certificates);
        }

        @Override
        public String toString() {
            return "custom CA " + certificates().stream()
                    .map(c -> c.getSubjectX500Principal().getName()).toList();
        }
    }

    /**
     * DANGEROUS: accept any server certificate and any host name, so anyone on the network path can read the token
     * and feed the analysis made-up numbers. For a lab Prometheus with a self-signed certificate only; prefer
     * {@link CustomCa}. Applies to this connection only: the JVM and other clients keep verifying.
     */
    enum InsecureSkipVerify implements PrometheusTls {
        INSTANCE;

        @Override
        public String toString() {
            return "INSECURE: TLS verification skipped";
        }
    }
}
