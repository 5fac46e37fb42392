package io.jenkins.plugins.progressive.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * In Jenkins the plugin's fabric8 is the kubernetes-client-api plugin's, whose only HTTP client is OkHttp. fabric8
 * 7.3.1 ({@code HttpClientUtils.getHttpClientFactory}) loads every {@link HttpClient.Factory} with the context class
 * loader (else its own) and takes the highest {@code priority()}: OkHttp's factory says -1, Vert.x's keeps the default
 * 0. So wherever the Vert.x client is on the class path, it wins. The sandbox and the mock server (through
 * io.fabric8:kubernetes-client) pull it in unless the poms exclude it, and the tests would then exercise a client the
 * plugin never gets in Jenkins.
 */
class HttpClientChoiceTest {
    private static final String OKHTTP_FACTORY = "io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory";

    @Test
    void theOnlyHttpClientOnTheTestClassPathIsOkHttpAsInJenkins() {
        List<String> factories = ServiceLoader.load(HttpClient.Factory.class,
                        Thread.currentThread().getContextClassLoader())
                .stream()
                .map(provider -> provider.type().getName())
                .toList();

        assertEquals(List.of(OKHTTP_FACTORY), factories,
                "HTTP client factories fabric8 finds; exclude io.fabric8:kubernetes-httpclient-vertx from the test"
                        + " dependency that brings it back (plugin/pom.xml, offline/plugin-check/pom.xml)");
    }

    @Test
    void clusterClientsBuildsAnOkHttpClient() {
        ClusterSettings settings = new ClusterSettings("https://127.0.0.1:6443", null, false, null);

        try (KubernetesClient client = ClusterClients.create(settings, new ClusterCredential.BearerToken("token"))) {
            assertEquals("io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl",
                    client.getHttpClient().getClass().getName());
        }
    }
}
