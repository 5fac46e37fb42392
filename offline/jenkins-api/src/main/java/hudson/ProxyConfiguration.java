package hudson;

import java.net.http.HttpClient;

/**
 * Compile-only declaration of core's {@code hudson.ProxyConfiguration} ("Manage Jenkins » System » HTTP Proxy
 * Configuration"; its interfaces left out).
 */
public final class ProxyConfiguration {
    public ProxyConfiguration(String name, int port) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static HttpClient.Builder newHttpClientBuilder() {
        throw new UnsupportedOperationException("compile-only");
    }
}
