package io.jenkins.plugins.progressive.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Sample;
import io.jenkins.plugins.progressive.engine.notify.NotifyOn;
import io.jenkins.plugins.progressive.engine.notify.RolloutSubject;
import io.jenkins.plugins.progressive.engine.notify.WebhookNotifier;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus client and the webhook notifier use the HTTP client base they are given: its proxy, its no-proxy
 * hosts and its proxy authentication, as Jenkins' {@code ProxyConfiguration.newHttpClientBuilder()} provides them.
 * The "proxy" here records each request's target (absolute-form request line) and answers it itself; the targets
 * it is asked for have names that do not resolve, so a request that skipped the proxy could not succeed.
 */
class ProxiedHttpClientsTest {
    private static final String PROXY_USER = "jenkins";
    private static final String PROXY_PASSWORD = "proxy-pa55";
    private static final String VECTOR_1 = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
            + "\"result\":[{\"metric\":{},\"value\":[1700000000,\"1\"]}]}}";

    private final List<String> proxied = new CopyOnWriteArrayList<>();
    private final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();
    private final List<String> direct = new CopyOnWriteArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private HttpServer proxy;
    private HttpServer origin;
    private ScheduledExecutorService scheduler;
    private boolean proxyNeedsPassword;

    @BeforeEach
    void start() throws IOException {
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
            if (proxyNeedsPassword && authorization == null) {
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
                exchange.sendResponseHeaders(407, -1);
                exchange.close();
                return;
            }
            proxied.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            if (authorization != null) {
                proxyAuthorizations.add(authorization);
            }
            answer(exchange);
        });
        proxy.start();
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            direct.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            answer(exchange);
        });
        origin.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
        origin.stop(0);
        scheduler.shutdownNow();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = exchange.getRequestURI().getPath().endsWith("/api/v1/query")
                ? VECTOR_1.getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Like Jenkins' proxy selector: every http(s) host through the proxy but the no-proxy hosts. */
    private Supplier<HttpClient.Builder> jenkinsLike(Set<String> noProxyHosts, boolean withPassword) {
        Proxy httpProxy = new Proxy(Proxy.Type.HTTP, proxy.getAddress());
        ProxySelector selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return noProxyHosts.contains(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(httpProxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        };
        return () -> {
            HttpClient.Builder builder = HttpClient.newBuilder().proxy(selector);
            if (withPassword) {
                builder.authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication(PROXY_USER, PROXY_PASSWORD.toCharArray()) : null;
                    }
                });
            }
            return builder;
        };
    }

    private static QueryResult vector1(String url, Supplier<HttpClient.Builder> base) throws Exception {
        try (HttpPrometheusClient client = new HttpPrometheusClient(PrometheusConnection.of(url)
                .withTimeout(Duration.ofSeconds(5)), base)) {
            return client.query("vector(1)", Instant.ofEpochSecond(1_700_000_000)).get(10, TimeUnit.SECONDS);
        }
    }

    private void notifyPromoted(String url, Supplier<HttpClient.Builder> base) throws Exception {
        WebhookNotifier notifier = new WebhookNotifier(URI.create(url), EnumSet.of(NotifyOn.PROMOTED),
                new RolloutSubject("canaryStage", "prod", "shop", "feed", "shop/feed #1"), null, Clock.systemUTC(),
                scheduler, problems::add, base);
        notifier.finished(NotifyOn.PROMOTED, "all gates passed");
        notifier.drained().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aPrometheusQueryGoesThroughTheProxy() throws Exception {
        QueryResult result = vector1("http://prometheus.monitoring.invalid:9090/", jenkinsLike(Set.of(), false));

        assertThat(result).isEqualTo(new QueryResult.Success(List.of(new Sample(Map.of(), 1.0))));
        assertThat(proxied).containsExactly("POST http://prometheus.monitoring.invalid:9090/api/v1/query");
    }

    @Test
    void aWebhookPostGoesThroughTheProxy() throws Exception {
        notifyPromoted("http://hooks.chat.invalid/services/T0/B0/secret", jenkinsLike(Set.of(), false));

        assertThat(problems).isEmpty();
        assertThat(proxied).containsExactly("POST http://hooks.chat.invalid/services/T0/B0/secret");
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        Supplier<HttpClient.Builder> base = jenkinsLike(Set.of("127.0.0.1"), false);
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();

        assertThat(vector1(url + "/", base)).isInstanceOf(QueryResult.Success.class);
        notifyPromoted(url + "/hook", base);

        assertThat(problems).isEmpty();
        assertThat(proxied).isEmpty();
        assertThat(direct).containsExactly("POST /api/v1/query", "POST /hook");
    }

    @Test
    void theProxysPasswordComesFromTheBase() throws Exception {
        proxyNeedsPassword = true;
        Supplier<HttpClient.Builder> base = jenkinsLike(Set.of(), true);

        assertThat(vector1("http://prometheus.monitoring.invalid/", base)).isInstanceOf(QueryResult.Success.class);
        notifyPromoted("http://hooks.chat.invalid/hook", base);

        assertThat(problems).isEmpty();
        String basic = "Basic " + Base64.getEncoder().encodeToString((PROXY_USER + ":" + PROXY_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(proxyAuthorizations).containsExactly(basic, basic);
    }

    @Test
    void withoutABaseTheClientsConnectDirectly() throws Exception {
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();
        try (HttpPrometheusClient client = new HttpPrometheusClient(PrometheusConnection.of(url))) {
            assertThat(client.query("vector(1)", Instant.now()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(QueryResult.Success.class);
        }

        assertThat(direct).containsExactly("POST /api/v1/query");
        assertThat(proxied).isEmpty();
    }
}
