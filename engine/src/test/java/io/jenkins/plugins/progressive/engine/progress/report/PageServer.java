package io.jenkins.plugins.progressive.engine.progress.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Pages on 127.0.0.1 for the browser: exact paths, each with its content type, all sent with one CSP (or none). */
final class PageServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final String csp;

    private record Page(String type, Supplier<String> body) {
    }

    PageServer(String csp) {
        this.csp = csp;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    PageServer page(String path, String type, Supplier<String> body) {
        pages.put(path, new Page(type, body));
        return this;
    }

    /** Serves the renderer's files under /static/ as the plugin will: separate resources, not inlined. */
    PageServer renderer() {
        RolloutReport.SCRIPTS.forEach(name -> page("/static" + name.substring(name.lastIndexOf('/')), "text/javascript",
                () -> RolloutReport.resource(name)));
        return page("/static/rollout-progress.css", "text/css", () -> RolloutReport.resource(RolloutReport.STYLE));
    }

    /** Every POST received, as {@code path?body} (the body form-encoded, as a browser sends a form). */
    List<String> posts() {
        return List.copyOf(posts);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(HttpExchange exchange) throws IOException {
        Page page = pages.get(exchange.getRequestURI().getPath());
        if ("POST".equals(exchange.getRequestMethod())) {
            try (InputStream in = exchange.getRequestBody()) {
                posts.add(exchange.getRequestURI().getPath() + "?" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = (page == null ? "not found" : page.body().get()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", (page == null ? "text/plain" : page.type()) + "; charset=utf-8");
        if (csp != null) {
            exchange.getResponseHeaders().set("Content-Security-Policy", csp);
        }
        exchange.sendResponseHeaders(page == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
