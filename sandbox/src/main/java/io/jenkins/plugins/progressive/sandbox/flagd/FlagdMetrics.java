package io.jenkins.plugins.progressive.sandbox.flagd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stand-in for one flagd's {@code /metrics} (port 8014 in a cluster): the two evaluation counters with the names and
 * labels flagd's default Prometheus exporter gives them, scraped by the sandbox's Prometheus as one target.
 *
 * <p>flagd records them with OpenTelemetry ({@code core/pkg/telemetry/metrics.go}): the counter
 * {@code feature_flag.flagd.impression} (unit {@code {impression}}) with attributes {@code feature_flag.key},
 * {@code feature_flag.result.variant} (called {@code feature_flag.variant} before flagd adopted semantic conventions
 * 1.34 in July 2025), {@code feature_flag.provider.name} = {@code flagd} and {@code feature_flag.reason}, only for
 * successful evaluations; and {@code feature_flag.flagd.result.reason} for every evaluation, with the key only on
 * success. The OpenTelemetry Prometheus exporter turns dots into underscores, drops the {@code {…}} unit annotation
 * and appends {@code _total} to counters, which gives the names below.
 *
 * <pre>{@code
 * try (FlagdMetrics flagd = FlagdMetrics.start(sandbox.prometheus(), "shop")) {
 *     flagd.evaluated("new-checkout", "on", "TARGETING_MATCH", 250);
 * }
 * }</pre>
 */
public final class FlagdMetrics implements AutoCloseable {

    /** {@code feature_flag.flagd.impression} as Prometheus sees it. */
    public static final String IMPRESSIONS = "feature_flag_flagd_impression_total";
    /** {@code feature_flag.flagd.result.reason} as Prometheus sees it. */
    public static final String REASONS = "feature_flag_flagd_result_reason_total";
    public static final String KEY_LABEL = "feature_flag_key";
    public static final String VARIANT_LABEL = "feature_flag_result_variant";
    public static final String PROVIDER_LABEL = "feature_flag_provider_name";
    public static final String REASON_LABEL = "feature_flag_reason";
    private static final String PROVIDER = "flagd";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Counter impressions;
    private final Counter reasons;
    private final Path targetsFile;

    private FlagdMetrics(Path targetsFile, String namespace) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        // The client appends _total itself; the base names are flagd's with dots as underscores.
        impressions = Counter.builder().name(IMPRESSIONS).help("Measures the number of evaluations for a given flag.")
                .labelNames(KEY_LABEL, VARIANT_LABEL, PROVIDER_LABEL, REASON_LABEL).register(registry);
        reasons = Counter.builder().name(REASONS).help("Measures the number of evaluations for a given reason.")
                .labelNames(KEY_LABEL, PROVIDER_LABEL, REASON_LABEL).register(registry);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", new MetricsHandler(registry));
        server.start();
        this.targetsFile = targetsFile;
        writeTarget(namespace);
    }

    /**
     * Starts the endpoint and lists it as a scrape target of {@code prometheus} (a file of its own there).
     *
     * @param namespace the {@code namespace} target label, as a flagd pod of that namespace would have it
     */
    public static FlagdMetrics start(PrometheusServer prometheus, String namespace) {
        Objects.requireNonNull(prometheus, "prometheus must not be null");
        Objects.requireNonNull(namespace, "namespace must not be null");
        try {
            Path file = prometheus.targetsFile("flagd-" + namespace + "-" + System.nanoTime());
            return new FlagdMetrics(file, namespace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the flagd metrics endpoint", e);
        }
    }

    /** Base URI of the endpoint, e.g. {@code http://127.0.0.1:41234/} ({@code metrics} below it). */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    /**
     * Creates the series of an outcome at 0 without counting anything. flagd creates a series with its first
     * evaluation, so {@code increase()} never sees that first one; declaring it first makes tests exact.
     */
    public void declare(String flagKey, String variant, String reason) {
        impressions.labelValues(flagKey, variant, PROVIDER, reason);
        reasons.labelValues(flagKey, PROVIDER, reason);
    }

    /** Records {@code count} successful evaluations of a flag that returned {@code variant} for {@code reason}. */
    public void evaluated(String flagKey, String variant, String reason, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        impressions.labelValues(flagKey, variant, PROVIDER, reason).inc(count);
        reasons.labelValues(flagKey, PROVIDER, reason).inc(count);
    }

    /** Stops the endpoint and removes its scrape target. */
    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(targetsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + targetsFile, e);
        }
    }

    private void writeTarget(String namespace) throws IOException {
        URI uri = uri();
        List<Map<String, Object>> groups = List.of(Map.of("targets", List.of(uri.getHost() + ":" + uri.getPort()),
                "labels", Map.of("namespace", namespace, "service", "flagd", "pod", "flagd-" + uri.getPort())));
        Files.createDirectories(targetsFile.getParent());
        // Prometheus watches *.json: write elsewhere in the directory, then move in one step.
        Path temp = Files.createTempFile(targetsFile.getParent(), "." + targetsFile.getFileName(), ".tmp");
        try {
            JSON.writeValue(temp.toFile(), groups);
            Files.move(temp, targetsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
