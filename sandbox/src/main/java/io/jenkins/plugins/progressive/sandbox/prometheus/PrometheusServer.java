package io.jenkins.plugins.progressive.sandbox.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus process on 127.0.0.1, with a generated config that scrapes, every second, the
 * targets listed in the {@code *.json} files of {@link #targetsDirectory()}.
 *
 * <p>Starting takes a few seconds until the first scrape, so a test run shares one instance:
 * {@link #shared()}. Each {@code Workloads} gets its own file there ({@link #targetsFile(String)}).
 * The binary is {@code /usr/bin/prometheus}, or the one named by environment variable
 * {@code PROMETHEUS_BIN}. Note that Prometheus hands target changes to its scrapers at most every
 * 5 s, so a new pod is scraped 0-6 s after it appears: poll, never sleep a fixed time.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Environment variable naming another Prometheus binary. */
    public static final String BINARY_ENV = "PROMETHEUS_BIN";
    static final String DEFAULT_BINARY = "/usr/bin/prometheus";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern TARGETS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private static PrometheusServer shared;

    private final Path directory;
    private final Path binary;
    private final int port;
    private volatile Process process;
    private final URI url;
    private final PrometheusQueryClient queries;
    private final boolean isShared;

    private PrometheusServer(Path directory, Path binary, int port, boolean isShared) {
        this.directory = directory;
        this.binary = binary;
        this.port = port;
        this.url = URI.create("http://127.0.0.1:" + port + "/");
        this.queries = new PrometheusQueryClient(url);
        this.isShared = isShared;
    }

    /**
     * The JVM-wide instance, started on first use and stopped by a shutdown hook. Do not close it;
     * {@link #close()} does nothing on it.
     *
     * @throws IllegalStateException if the binary is missing (the message says how to install it)
     *                               or Prometheus does not become ready
     */
    public static synchronized PrometheusServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            PrometheusServer started = launch(true);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "prometheus-shutdown"));
            shared = started;
        }
        return shared;
    }

    /** Starts a private instance, e.g. for a demo; {@link #close()} stops it and deletes its data. */
    public static PrometheusServer start() {
        return launch(false);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234/}. */
    public URI url() {
        return url;
    }

    /** The directory whose {@code *.json} files list the scrape targets. */
    public Path targetsDirectory() {
        return directory.resolve("targets");
    }

    /**
     * A file_sd file of its own for one {@code Workloads} instance.
     *
     * @param name letters, digits, '_', '.', '-'; the file is {@code <name>.json}
     */
    public Path targetsFile(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (!TARGETS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must match " + TARGETS_NAME + ", was '" + name + "'");
        }
        return targetsDirectory().resolve(name + ".json");
    }

    /** See {@link PrometheusQueryClient#instantQuery(String)}. */
    public OptionalDouble instantQuery(String promql) {
        return queries.instantQuery(promql);
    }

    /** A query client for this server. */
    public PrometheusQueryClient queries() {
        return queries;
    }

    /** Whether the process still runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops a private instance (SIGTERM, then kill) and deletes its directory; no-op on {@link #shared()}. */
    @Override
    public void close() {
        if (!isShared) {
            stop();
        }
    }

    /**
     * Simulates an outage of a private instance: stops the process but keeps its port, configuration and data, so
     * {@link #resume()} brings the same Prometheus back at the same URL.
     */
    public synchronized void suspend() {
        if (isShared) {
            throw new IllegalStateException("the shared Prometheus cannot be suspended; start a private one");
        }
        stopProcess();
    }

    /** Starts a suspended private instance again, on the same port with the same data, and waits until ready. */
    public synchronized void resume() {
        if (process.isAlive()) {
            return;
        }
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart Prometheus " + binary, e);
        }
        awaitReady(directory.resolve("prometheus.log"));
    }

    private void stop() {
        stopProcess();
        deleteRecursively(directory);
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static PrometheusServer launch(boolean isShared) {
        Path binary = binary();
        for (int attempt = 1; ; attempt++) {
            try {
                return launch(binary, isShared);
            } catch (IllegalStateException e) {
                // The free port we picked can be taken before Prometheus binds it; try another one.
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static PrometheusServer launch(Path binary, boolean isShared) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("sandbox-prometheus-");
            Files.createDirectories(directory.resolve("targets"));
            Path config = directory.resolve("prometheus.yml");
            Files.writeString(config, new PrometheusConfig(directory.resolve("targets")).render());
            PrometheusServer server = new PrometheusServer(directory, binary, freePort(), isShared);
            server.startProcess();
            server.awaitReady(directory.resolve("prometheus.log"));
            return server;
        } catch (IOException e) {
            deleteRecursively(directory);
            throw new UncheckedIOException("cannot start Prometheus " + binary, e);
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    private void startProcess() throws IOException {
        Path log = directory.resolve("prometheus.log");
        process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + directory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with code " + process.exitValue()
                        + " before it was ready; its log:\n" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Keep polling until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause();
        }
        stop();
        throw new IllegalStateException("Prometheus at " + url + " was not ready within " + READY_TIMEOUT
                + "; its log:\n" + tail(log));
    }

    private static Path binary() {
        return binary(System.getenv(BINARY_ENV));
    }

    /** The binary to run: {@code configured} if set, else the Debian one; fails with install advice. */
    static Path binary(String configured) {
        Path binary = Paths.get(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Prometheus binary " + binary + " not found or not executable. "
                    + "The sandbox needs a real Prometheus: install it with "
                    + "'apt-get install -y --no-install-recommends prometheus' (Debian/Ubuntu), "
                    + "or set " + BINARY_ENV + " to a prometheus 2.x binary.");
        }
        return binary;
    }

    private static int freePort() throws IOException {
        // Prometheus has no "port 0"; a port that was just free is free in practice on 127.0.0.1.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp dir is not worth failing a test run for.
        }
    }
}
