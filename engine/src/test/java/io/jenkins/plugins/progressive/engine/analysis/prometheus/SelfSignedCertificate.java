package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed server certificate made by the JDK's keytool, as an operator would make one for a lab. */
final class SelfSignedCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore keyStore;

    private SelfSignedCertificate(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /** Runs keytool for each {@code subjectAlternativeNames} (e.g. {@code IP:127.0.0.1,DNS:localhost}), in parallel. */
    static List<SelfSignedCertificate> generate(Path directory, String... subjectAlternativeNames) {
        try {
            Process[] processes = new Process[subjectAlternativeNames.length];
            for (int i = 0; i < processes.length; i++) {
                processes[i] = keytool(directory.resolve("server-" + i + ".p12"), subjectAlternativeNames[i]);
            }
            SelfSignedCertificate[] certificates = new SelfSignedCertificate[processes.length];
            for (int i = 0; i < processes.length; i++) {
                if (!processes[i].waitFor(30, TimeUnit.SECONDS) || processes[i].exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + new String(
                            processes[i].getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(directory.resolve("server-" + i + ".p12"))) {
                    keyStore.load(in, PASSWORD);
                }
                certificates[i] = new SelfSignedCertificate(keyStore);
            }
            return List.of(certificates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Process keytool(Path keyStore, String subjectAlternativeNames) throws IOException {
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        // EC keys and a JIT that stops early: keytool is a JVM start, keep it short.
        return new ProcessBuilder(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-genkeypair",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=fake-prometheus", "-ext", "SAN=" + subjectAlternativeNames,
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
    }

    /** The certificate as PEM, what a user pastes into the CA field. */
    String pem() {
        try {
            byte[] der = keyStore.getCertificate("server").getEncoded();
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server-side context presenting this certificate. */
    SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
