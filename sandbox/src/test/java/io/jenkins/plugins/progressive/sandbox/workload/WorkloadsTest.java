package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class WorkloadsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        MockServerLogs.quiet();
    }

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Workloads workloads;

    @BeforeEach
    void startWorkloads() {
        workloads = Workloads.start(client, dir.resolve("targets/web.json"));
    }

    @AfterEach
    void stopWorkloads() {
        workloads.close();
    }

    @Test
    void readyPodServesTrafficAndCountsItInItsMetrics() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        PodEndpoint pod = awaitEndpoint("shop", "web-1");

        HttpResponse<String> answer = get(pod.uri().resolve("/checkout"));
        String metrics = get(pod.uri().resolve("/metrics")).body();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Sandbox-Version")).contains("v1");
        assertThat(pod.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(metrics)
                .contains("http_requests_total{code=\"200\",service=\"web\",version=\"v1\"} 1.0")
                .contains("http_requests_total{code=\"500\",service=\"web\",version=\"v1\"} 0.0")
                .contains("http_request_duration_seconds_bucket{service=\"web\",version=\"v1\",le=\"0.025\"}")
                .contains("http_request_duration_seconds_count{service=\"web\",version=\"v1\"} 1");
    }

    @Test
    void profileChangesTakeEffectAtRunTimeForThatVersionOnly() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        TestPods.create(client, "shop", "web-2", "web", "v2");
        PodEndpoint v1 = awaitEndpoint("shop", "web-1");
        PodEndpoint v2 = awaitEndpoint("shop", "web-2");

        workloads.setProfile("web", "v2", VersionProfile.healthy().withErrorRate(1.0)
                .withLatency(Duration.ofMillis(150), Duration.ofMillis(150)));
        long started = System.nanoTime();
        int v2Status = get(v2.uri()).statusCode();
        Duration v2Latency = Duration.ofNanos(System.nanoTime() - started);

        assertThat(v2Status).isEqualTo(500);
        assertThat(v2Latency).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        assertThat(get(v1.uri()).statusCode()).isEqualTo(200);

        workloads.setProfile("web", "v2", VersionProfile.healthy());
        assertThat(get(v2.uri()).statusCode()).isEqualTo(200);
        assertThat(get(v2.uri().resolve("/metrics")).body())
                .contains("http_requests_total{code=\"500\",service=\"web\",version=\"v2\"} 1.0")
                .contains("http_requests_total{code=\"200\",service=\"web\",version=\"v2\"} 1.0");
    }

    @Test
    void targetsFileListsEveryReadyPodWithItsLabels() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        client.pods().inNamespace("shop").resource(TestPods.pod("shop", "web-2", Map.of("app", "web"),
                "registry.local:5000/web:2.0.1", true)).create();
        client.pods().inNamespace("shop").resource(TestPods.pod("shop", "web-3", Map.of("app", "web"),
                "web:2.0.1", false)).create();
        client.pods().inNamespace("shop").resource(TestPods.pod("shop", "sidecar", Map.of("run", "x"),
                "x:1", true)).create();

        List<JsonNode> targets = Eventually.await("two targets in the file", TIMEOUT, this::targets,
                t -> t.size() == 2);

        PodEndpoint second = workloads.endpoint("shop", "web-2").orElseThrow();
        assertThat(second.version()).isEqualTo("2.0.1");
        assertThat(targets).anySatisfy(t -> {
            assertThat(t.path("targets").get(0).asText()).isEqualTo(second.hostAndPort());
            assertThat(t.path("labels")).isEqualTo(JSON.valueToTree(Map.of(
                    "namespace", "shop", "pod", "web-2", "service", "web", "version", "2.0.1")));
        });
        assertThat(workloads.endpoints()).extracting(PodEndpoint::name).containsExactlyInAnyOrder("web-1", "web-2");
    }

    @Test
    void podThatIsNoLongerReadyOrDeletedStopsServingAndLeavesTheTargets() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        TestPods.create(client, "shop", "web-2", "web", "v1");
        PodEndpoint first = awaitEndpoint("shop", "web-1");
        PodEndpoint second = awaitEndpoint("shop", "web-2");
        Eventually.await("two targets", TIMEOUT, this::targets, t -> t.size() == 2);

        TestPods.setReady(client, "shop", "web-1", false);
        Eventually.await("one target", TIMEOUT, this::targets, t -> t.size() == 1
                && t.get(0).path("labels").path("pod").asText().equals("web-2"));
        assertThat(workloads.endpoint("shop", "web-1")).isEmpty();
        assertThatThrownBy(() -> get(first.uri())).isInstanceOf(IOException.class);

        client.pods().inNamespace("shop").withName("web-2").delete();
        Eventually.await("no target", TIMEOUT, this::targets, List::isEmpty);
        assertThatThrownBy(() -> get(second.uri())).isInstanceOf(IOException.class);

        TestPods.setReady(client, "shop", "web-1", true);
        PodEndpoint again = awaitEndpoint("shop", "web-1");
        assertThat(get(again.uri()).statusCode()).isEqualTo(200);
    }

    @Test
    void closeStopsServersAndRemovesTheTargetsFile() throws Exception {
        TestPods.create(client, "shop", "web-1", "web", "v1");
        PodEndpoint pod = awaitEndpoint("shop", "web-1");

        workloads.close();

        assertThat(workloads.fileSdPath()).doesNotExist();
        assertThatThrownBy(() -> get(pod.uri())).isInstanceOf(IOException.class);
    }

    private PodEndpoint awaitEndpoint(String namespace, String name) {
        return Eventually.await("pod " + name + " served", TIMEOUT,
                () -> workloads.endpoint(namespace, name), java.util.Optional::isPresent).orElseThrow();
    }

    private List<JsonNode> targets() {
        try {
            List<JsonNode> groups = new ArrayList<>();
            JSON.readTree(Files.readString(workloads.fileSdPath())).forEach(groups::add);
            return groups;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
