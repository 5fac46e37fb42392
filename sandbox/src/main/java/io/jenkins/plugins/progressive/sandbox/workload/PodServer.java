package io.jenkins.plugins.progressive.sandbox.workload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The process of one pod: an HTTP server on 127.0.0.1 with its own metric registry, so Prometheus
 * sees one target per pod as it would in a cluster. Besides the app's own metrics it exports the
 * pod's {@link ResourceMetrics}, which a cluster would have from the kubelet and kube-state-metrics.
 *
 * <p>Latency is a real delay, but no thread sleeps: the handler schedules the answer on a shared
 * scheduler and returns, so thread use stays bounded however many requests are in flight. Each pod
 * costs two threads of its own (the JDK server's dispatcher and idle timer); handlers and delays
 * use pools shared by all pods.
 */
final class PodServer implements AutoCloseable {

    /** At most this long (whole seconds, as HttpServer.stop counts) for the requests in flight of a stopping pod. */
    static final int DRAIN_SECONDS = 2;

    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

    private final String podName;
    private final String service;
    private final String version;
    private final Supplier<VersionProfile> profile;
    private final ScheduledExecutorService delays;
    private final HttpServer server;
    private final Counter requests;
    private final Histogram duration;

    PodServer(String podName, String service, String version, Supplier<VersionProfile> profile,
              ResourceMetrics resources, Executor handlers, ScheduledExecutorService delays) throws IOException {
        this.podName = podName;
        this.service = service;
        this.version = version;
        this.profile = profile;
        this.delays = delays;
        PrometheusRegistry registry = new PrometheusRegistry();
        requests = Counter.builder().name("http_requests_total")
                .help("HTTP requests served, by status code")
                .labelNames("service", "version", "code").register(registry);
        duration = Histogram.builder().name("http_request_duration_seconds")
                .help("Time from request to response").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
                .labelNames("service", "version").register(registry);
        // Both codes exist from the start so error-ratio queries have a series before the first error.
        requests.labelValues(service, version, "200");
        requests.labelValues(service, version, "500");
        duration.labelValues(service, version);
        resources.register(registry);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/metrics", new MetricsHandler(registry));
        server.createContext("/", this::serveTraffic);
        server.setExecutor(handlers);
        server.start();
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    String service() {
        return service;
    }

    String version() {
        return version;
    }

    private void serveTraffic(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        VersionProfile current = profile.get();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int code = current.sampleFailure(random) ? 500 : 200;
        Duration latency = current.sampleLatency(random);
        try {
            delays.schedule(() -> answer(exchange, code, started), latency.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            // The workloads are shutting down: answer right away rather than leave the client hanging.
            answer(exchange, 503, started);
        }
    }

    private void answer(HttpExchange exchange, int code, long started) {
        requests.labelValues(service, version, Integer.toString(code)).inc();
        duration.labelValues(service, version).observe((System.nanoTime() - started) / 1e9);
        byte[] body = (podName + " " + version + " " + code + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Sandbox-Pod", podName);
            exchange.getResponseHeaders().set("X-Sandbox-Version", version);
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException | RuntimeException clientGone) {
            // The client hung up or the pod was stopped meanwhile; the request was still served.
            exchange.close();
        }
    }

    /** Stops at once: requests in flight fail (the sandbox is shutting down). */
    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Stops as a pod does when it is deleted or becomes unready: it is already out of the endpoints, so no new request
     * comes; the server stops accepting connections and answers the requests in flight before it stops (a real pod
     * drains on SIGTERM within its termination grace period). Runs on {@code stopper}, since stopping waits.
     */
    void drain(Executor stopper) {
        stopper.execute(() -> server.stop(DRAIN_SECONDS));
    }
}
