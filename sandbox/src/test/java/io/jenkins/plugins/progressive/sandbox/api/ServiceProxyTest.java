package io.jenkins.plugins.progressive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import io.jenkins.plugins.progressive.sandbox.workload.Eventually;
import io.jenkins.plugins.progressive.sandbox.workload.TestPods;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server's service proxy reaches the ready pods a Service selects, and answers as the real one does when it
 * cannot: 404 for an unknown Service, 503 for no ready pod or an unknown port.
 */
class ServiceProxyTest {

    private static final String NS = "shop";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Sandbox sandbox;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.builder().start();
        client = sandbox.client();
        service("web", "app", "web");
        TestPods.create(client, NS, "web-1", "web", "1.0");
        TestPods.create(client, NS, "web-2", "web", "1.0");
        TestPods.create(client, NS, "other-1", "other", "1.0");
        Eventually.await("three pods served", Duration.ofSeconds(5), () -> sandbox.workloads().endpoints().size() == 3);
        // The first forward opens the proxy's connections and warms its code; on a loaded machine that alone may take
        // longer than the proxy's timeout (a 503). The tests are about what comes after, so they start warm.
        Eventually.await("web answers through the proxy", Duration.ofSeconds(10),
                () -> statusOf("/api/v1/namespaces/shop/services/web:80/proxy/healthz") == 200);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aGetThroughTheProxyReachesAReadyPodOfTheServiceOnly() throws Exception {
        Set<String> pods = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("/api/v1/namespaces/shop/services/web:80/proxy/healthz?deep=1");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String pod = response.headers().firstValue("X-Sandbox-Pod").orElseThrow();
            assertThat(response.body()).startsWith(pod + " 1.0 200");
            pods.add(pod);
        }
        assertThat(pods).as("pods reached through Service web").isSubsetOf("shop/web-1", "shop/web-2").isNotEmpty();
    }

    @Test
    void theAnswerIsThePodsOwnStatusAndPortsMayBeNamedOrLeftOut() throws Exception {
        sandbox.workloads().setProfile("web", "1.0", VersionProfile.healthy().withErrorRate(1.0));

        assertThat(get("/api/v1/namespaces/shop/services/web:http/proxy/").statusCode()).isEqualTo(500);
        assertThat(get("/api/v1/namespaces/shop/services/web/proxy").statusCode()).isEqualTo(500);
        assertThat(get("/api/v1/namespaces/shop/services/http:web:80/proxy/x").statusCode()).isEqualTo(500);
    }

    @Test
    void noReadyPodIs503NoEndpoints() throws Exception {
        service("idle", "app", "idle");
        TestPods.create(client, NS, "idle-1", "idle", "1.0");
        String path = "/api/v1/namespaces/shop/services/idle:80/proxy/healthz";
        Eventually.await("idle-1 answers", Duration.ofSeconds(5), () -> statusOf(path) == 200);

        // The sandbox's simulated kubelet owns pod status (it would write Ready back), so the pod is made unready
        // the way the sandbox does it: its image's readiness probe starts failing.
        sandbox.controller().faults().podsOf("idle:1.0", PodBehaviour.neverReady());
        Eventually.await("idle-1 no longer served", Duration.ofSeconds(5),
                () -> sandbox.workloads().endpoint(NS, "idle-1").isEmpty());
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"kind\":\"Status\"")
                .contains("no endpoints available for service \\\"idle\\\"");
    }

    @Test
    void unknownServiceIs404AndUnknownPortIs503() throws Exception {
        HttpResponse<String> unknown = get("/api/v1/namespaces/shop/services/nope:80/proxy/healthz");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("services \\\"nope\\\" not found");

        HttpResponse<String> wrongPort = get("/api/v1/namespaces/shop/services/web:8080/proxy/healthz");
        assertThat(wrongPort.statusCode()).isEqualTo(503);
        assertThat(wrongPort.body()).contains("no service port \\\"8080\\\" found for service \\\"web\\\"");
    }

    @Test
    void injectedFaultsApplyToProxyPaths() throws Exception {
        String path = "/api/v1/namespaces/shop/services/web:80/proxy/healthz";
        sandbox.apiServer().faults().inject(ApiFault.error("GET", path, 502, 1));

        assertThat(get(path).statusCode()).isEqualTo(502);
        HttpResponse<String> after = get(path);
        assertThat(after.statusCode()).as("answer after the one injected fault: %s", after.body()).isEqualTo(200);
    }

    private void service(String name, String selectorKey, String selectorValue) {
        client.services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().addToSelector(selectorKey, selectorValue)
                    .addNewPort().withName("http").withPort(80).endPort().endSpec()
                .build()).create();
    }

    private int statusOf(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.apiServer().url() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
