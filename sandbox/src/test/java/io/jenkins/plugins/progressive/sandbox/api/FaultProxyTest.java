package io.jenkins.plugins.progressive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The faults a client under test meets through {@link ApiServer#faultProxyUrl()}: each kind is exactly that failure,
 * counted exactly, and the next request (or the reconnected watch) works again.
 */
@Timeout(60)
class FaultProxyTest {

    private static final String NS = "ns";
    private static final String FLAGS = "/api/v1/namespaces/ns/configmaps/flags";
    private static final String BIG = "/api/v1/namespaces/ns/configmaps/big";
    private static final String CONFIGMAPS = "/api/v1/namespaces/ns/configmaps";

    private ApiServer api;
    private KubernetesClient direct;
    private KubernetesClient user;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        direct = api.newClient();
        user = proxiedClient("fault-proxy-test");
        direct.configMaps().inNamespace(NS).resource(configMap("flags", "v1")).create();
    }

    @AfterEach
    void stop() {
        user.close();
        direct.close();
        api.close();
    }

    @Test
    void tooManyRequestsIsA429ThatSaysWhenToRetry() throws Exception {
        api.faults().inject(ApiFault.tooManyRequests("GET", FLAGS, Duration.ofMillis(1500), 2));

        assertThatThrownBy(() -> user.configMaps().inNamespace(NS).withName("flags").get())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(429));
        HttpResponse<String> raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(api.faultProxyUrl() + FLAGS)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.headers().firstValue("Retry-After")).as("1.5 s rounded up to whole seconds").hasValue("2");
        assertThat(raw.body()).contains("\"reason\":\"TooManyRequests\"", "\"retryAfterSeconds\":2");
        assertThat(user.configMaps().inNamespace(NS).withName("flags").get()).isNotNull();
        assertThat(api.faults().applied(NS)).containsEntry(FaultKind.TOO_MANY_REQUESTS, 2L);
    }

    @Test
    void aSlowAnswerBeyondTheRequestTimeoutTimesOutAndTheNextRequestSucceeds() {
        api.faults().inject(ApiFault.slow("GET", FLAGS, Duration.ofSeconds(4), 1));
        try (KubernetesClient impatient = proxiedClient("impatient", 1_000)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient.configMaps().inNamespace(NS).withName("flags").get())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(causes(e)).containsIgnoringCase("timeout"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

            assertThat(impatient.configMaps().inNamespace(NS).withName("flags").get().getData())
                    .containsEntry("value", "v1");
        }
        assertThat(api.faults().applied()).containsEntry(FaultKind.SLOW, 1L);
    }

    @Test
    void aResetMidBodyFailsTheReadAndAFreshConnectionSucceeds() {
        direct.configMaps().inNamespace(NS).resource(configMap("big", "x".repeat(300_000))).create();
        api.faults().inject(ApiFault.resetMidBody("GET", BIG, 1));

        assertThatThrownBy(() -> user.configMaps().inNamespace(NS).withName("big").get())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(hasIoCause(e)).as("an IOException among the causes of " + e).isTrue())
                // A reset, not a body that fails to parse (Jackson's errors are IOExceptions too).
                .satisfies(e -> assertThat(causes(e)).contains("java.net.SocketException: Connection reset"));

        assertThat(user.configMaps().inNamespace(NS).withName("big").get().getData().get("value")).hasSize(300_000);
        assertThat(api.faults().applied(NS)).containsEntry(FaultKind.RESET_MID_BODY, 1L);
    }

    @Test
    void onAKeepAliveConnectionOnlyTheMarkedAnswerIsCutAfterItsHeadersAndPartOfItsBody() throws IOException {
        direct.configMaps().inNamespace(NS).resource(configMap("big", "x".repeat(300_000))).create();
        api.faults().inject(ApiFault.resetMidBody("GET", BIG, 1));
        URI proxy = URI.create(api.faultProxyUrl());

        try (Socket socket = new Socket(proxy.getHost(), proxy.getPort())) {
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(get(FLAGS, proxy).getBytes(StandardCharsets.US_ASCII));
            RawAnswer first = RawAnswer.read(in);
            assertThat(first.status()).startsWith("HTTP/1.1 200");
            assertThat(first.body()).hasSize(first.contentLength()).contains("\"value\":\"v1\"");

            socket.getOutputStream().write(get(BIG, proxy).getBytes(StandardCharsets.US_ASCII));
            RawAnswer cut = RawAnswer.read(in);
            assertThat(cut.status()).startsWith("HTTP/1.1 200");
            assertThat(cut.contentLength()).isGreaterThan(300_000);
            assertThat(cut.body().length()).as("part of the body arrived").isBetween(1, cut.contentLength() - 1);
            assertThat(cut.ending()).as("the connection was reset, not closed").isInstanceOf(IOException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aClientOfTheDirectUrlAndTheControlPlaneAreNeverReset() {
        api.faults().inject(ApiFault.resetMidBody(null, ".*", -1));
        try (KubernetesClient controlPlane = proxiedClient(FaultInjectingDispatcher.CONTROL_PLANE_AGENT)) {
            assertThat(controlPlane.configMaps().inNamespace(NS).withName("flags").get()).isNotNull();
        }
        assertThat(direct.configMaps().inNamespace(NS).withName("flags").get()).isNotNull();

        assertThat(api.faults().applied()).containsEntry(FaultKind.RESET_MID_BODY, 0L);
        assertThat(api.faults().isEmpty()).as("the fault stays armed").isFalse();
    }

    @Test
    void aClosedWatchIsReopenedByTheClientAndLaterEventsArrive() throws Exception {
        api.faults().inject(ApiFault.watchClosed(CONFIGMAPS, Duration.ofMillis(300), 1));
        Events events = new Events();

        try (Watch watch = user.configMaps().inNamespace(NS).watch(events)) {
            assertThat(events.next()).isEqualTo("ADDED flags");
            // The store sends every existing object again when a watch opens: the second one is the reopened watch.
            assertThat(events.next()).as("the watch reopened after the injected close").isEqualTo("ADDED flags");
            direct.configMaps().inNamespace(NS).resource(configMap("later", "v1")).create();
            assertThat(events.next()).isEqualTo("ADDED later");
        }
        assertThat(events.closedWith).as("fabric8 reconnected on its own").isEmpty();
        assertThat(api.faults().applied(NS)).containsEntry(FaultKind.WATCH_CLOSE, 1L);
    }

    @Test
    void aSilentWatchStaysOpenButDeliversNothing() throws Exception {
        api.faults().inject(ApiFault.watchSilent(CONFIGMAPS, 1));
        Events silent = new Events();
        Events heard = new Events();

        try (Watch silentWatch = user.configMaps().inNamespace(NS).watch(silent);
                Watch heardWatch = user.configMaps().inNamespace(NS).watch(heard)) {
            assertThat(heard.next()).isEqualTo("ADDED flags");
            direct.configMaps().inNamespace(NS).resource(configMap("later", "v1")).create();
            assertThat(heard.next()).isEqualTo("ADDED later");

            assertThat(silent.received).as("nothing reached the silent watch").isEmpty();
            assertThat(silent.closedWith).isEmpty();
        }
        assertThat(api.faults().applied()).containsEntry(FaultKind.WATCH_SILENT, 1L);
    }

    @Test
    void aGetFaultDoesNotHitWatchesAndAWatchFaultDoesNotHitGets() throws Exception {
        api.faults().inject(ApiFault.error("GET", CONFIGMAPS, 500, -1));
        api.faults().inject(ApiFault.error("WATCH", FLAGS, 503, -1));
        Events events = new Events();

        try (Watch watch = user.configMaps().inNamespace(NS).watch(events)) {
            assertThat(events.next()).isEqualTo("ADDED flags");
        }
        assertThat(user.configMaps().inNamespace(NS).withName("flags").get()).isNotNull();
        assertThatThrownBy(() -> user.configMaps().inNamespace(NS).list())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(500));
        assertThat(api.faults().applied(NS)).containsEntry(FaultKind.ERROR, 1L);
    }

    /**
     * A client under test as the plugin has it in Jenkins (OkHttp), through the fault proxy, without retries so each
     * fault surfaces. fabric8 7.3.1's Vert.x client would wait forever for the rest of a body cut by a reset.
     */
    private KubernetesClient proxiedClient(String agent) {
        return proxiedClient(agent, 10_000);
    }

    private KubernetesClient proxiedClient(String agent, int requestTimeoutMillis) {
        return api.mockServer().createClient(b -> b.withHttpClientFactory(new OkHttpClientFactory()).editOrNewConfig()
                .withMasterUrl(api.faultProxyUrl()).withUserAgent(agent).withRequestRetryBackoffLimit(0)
                .withRequestTimeout(requestTimeoutMillis).endConfig());
    }

    private static String get(String path, URI proxy) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + proxy.getHost() + ":" + proxy.getPort()
                + "\r\nAccept: application/json\r\n\r\n";
    }

    private static String causes(Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return chain.toString();
    }

    private static boolean hasIoCause(Throwable error) {
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToData("value", value).build();
    }

    /** Watch events as "ACTION name", taken one at a time with a bound on the wait. */
    private static final class Events implements Watcher<ConfigMap> {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> closedWith = new LinkedBlockingQueue<>();

        @Override
        public void eventReceived(Action action, ConfigMap resource) {
            received.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
            closedWith.add(String.valueOf(cause));
        }

        String next() throws InterruptedException {
            String event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("a watch event within 10 s").isNotNull();
            return event;
        }
    }

    /** One HTTP/1.1 answer read off a socket by hand, up to its Content-Length or until the connection ends. */
    private record RawAnswer(String status, int contentLength, String body, IOException ending) {

        static RawAnswer read(InputStream in) throws IOException {
            String head = readHead(in);
            String status = head.lines().findFirst().orElse("");
            int length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            IOException ending = null;
            try {
                byte[] buffer = new byte[8192];
                while (body.size() < length) {
                    int n = in.read(buffer, 0, Math.min(buffer.length, length - body.size()));
                    if (n < 0) {
                        break;
                    }
                    body.write(buffer, 0, n);
                }
            } catch (IOException e) {
                ending = e;
            }
            return new RawAnswer(status, length, body.toString(StandardCharsets.UTF_8), ending);
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection ended within the headers: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
