package io.jenkins.plugins.progressive.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusProbeTest {
    private static final String TOKEN = "prom-s3cr3t-token";

    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> query = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String form = exchange.getRequestURI().getRawQuery();
            if (form == null) {
                form = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            }
            query.set(java.net.URLDecoder.decode(form, UTF_8));
            byte[] bytes = body.getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void runsVectorOneWithTheBearerToken() throws Exception {
        String url = serve(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1700000000,\"1\"]}]}}");

        ProbeResult result = PrometheusProbe.test(url, TOKEN, HttpClient::newBuilder);

        assertEquals(ProbeResult.ok("Connected: Prometheus answered vector(1)"), result);
        assertEquals("Bearer " + TOKEN, authorization.get());
        assertTrue(query.get().contains("query=vector(1)"), query.get());
    }

    @Test
    void sendsNoAuthorizationWithoutCredentials() throws Exception {
        String url = serve(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1700000000,\"1\"]}]}}");

        assertTrue(PrometheusProbe.test(url, null, HttpClient::newBuilder).ok());
        assertEquals(null, authorization.get());
    }

    @Test
    void rejectedTokenIsExplainedWithoutTheToken() throws Exception {
        String url = serve(401, "unauthorized: " + TOKEN);

        ProbeResult result = PrometheusProbe.test(url, TOKEN, HttpClient::newBuilder);

        assertFalse(result.ok());
        assertTrue(result.message().contains("the token was rejected"), result.message());
        assertFalse(result.message().contains(TOKEN), result.message());
    }

    @Test
    void somethingElseThanPrometheusIsNamed() throws Exception {
        String url = serve(200, "<html>Grafana</html>");

        ProbeResult result = PrometheusProbe.test(url, null, HttpClient::newBuilder);

        assertFalse(result.ok());
        assertTrue(result.message().startsWith("Prometheus at " + url), result.message());
        assertTrue(result.message().contains("not from a Prometheus query API"), result.message());
    }
}
