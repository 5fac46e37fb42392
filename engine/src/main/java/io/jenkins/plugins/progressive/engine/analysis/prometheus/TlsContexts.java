package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the {@link SSLContext} of one client from its {@link PrometheusTls}. */
final class TlsContexts {

    private TlsContexts() {
    }

    /** The context to use, or empty for the JDK client's default (the JVM trust store). */
    static Optional<SSLContext> sslContext(PrometheusTls tls) {
        try {
            if (tls instanceof PrometheusTls.CustomCa customCa) {
                return Optional.of(context(trusting(customCa.certificates())));
            }
            if (tls instanceof PrometheusTls.InsecureSkipVerify) {
                return Optional.of(context(new TrustAll()));
            }
            return Optional.empty();
        } catch (GeneralSecurityException | IOException e) {
            // Certificates were parsed when the connection was built; this is a broken JDK security setup.
            throw new IllegalStateException("cannot set up TLS for Prometheus (" + tls + "): " + e.getMessage(), e);
        }
    }

    private static TrustManager trusting(List<X509Certificate> certificates)
            throws GeneralSecurityException, IOException {
        KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            trustStore.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore);
        // The PKIX manager is an X509ExtendedTrustManager: it checks the host name for the JDK client too.
        return factory.getTrustManagers()[0];
    }

    private static SSLContext context(TrustManager trustManager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager}, null);
        return context;
    }

    /**
     * Accepts every certificate and every host name, for this client only.
     *
     * <p>Why this also skips the host name check: the JDK HttpClient asks for endpoint identification ("HTTPS"), and
     * JSSE performs that check inside the trust manager when it is an {@link X509ExtendedTrustManager} (a plain
     * {@code X509TrustManager} gets wrapped in one that does check). The only other switch,
     * {@code jdk.internal.httpclient.disableHostnameVerification}, is read once per JVM and would turn the check off
     * for every client, the Jenkins controller's included, so it is deliberately not used.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // Trust anything: the user chose insecureSkipTlsVerify.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // Trust anything: the user chose insecureSkipTlsVerify.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Trust anything: the user chose insecureSkipTlsVerify.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a Prometheus client does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a Prometheus client does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("a Prometheus client does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
