package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for Prometheus on 127.0.0.1 for what the real one will not do in a test: ask for credentials, fail,
 * dawdle, answer garbage, speak TLS with a self-signed certificate. It records every request and answers as told.
 */
final class FakePrometheus implements AutoCloseable {

    /** What arrived. */
    record Request(String method, String path, Headers headers, Map<String, String> form) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** How to answer; may block (each exchange has its own thread). */
    interface Answer {
        void send(HttpExchange exchange) throws IOException, InterruptedException;
    }

    static final String VECTOR_ONE = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"job":"web"},"value":[1700000000.123,"1"]}]}}""";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile Answer answer = json(200, VECTOR_ONE);

    private FakePrometheus(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders(), form(exchange)));
                answer.send(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static FakePrometheus http() {
        try {
            return new FakePrometheus(HttpServer.create(loopback(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FakePrometheus https(SSLContext serverContext) {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
            return new FakePrometheus(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http(s)://127.0.0.1:<port>/}. */
    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void answer(Answer newAnswer) {
        this.answer = newAnswer;
    }

    /** The oldest request not yet taken; fails if none arrived. */
    Request takeRequest() {
        Request request = requests.poll();
        if (request == null) {
            throw new AssertionError("no request arrived");
        }
        return request;
    }

    /** How many requests arrived and were not taken yet. */
    int requestCount() {
        return requests.size();
    }

    static Answer json(int status, String body) {
        return exchange -> send(exchange, status, "application/json", body);
    }

    static Answer text(int status, String body) {
        return exchange -> send(exchange, status, "text/plain", body);
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow(); // wakes answers that sleep
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
