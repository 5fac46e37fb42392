package io.jenkins.plugins.progressive.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.api.ApiServer;
import io.jenkins.plugins.progressive.sandbox.controller.ControllerSimulator;
import io.jenkins.plugins.progressive.sandbox.controller.Pace;
import io.jenkins.plugins.progressive.sandbox.prometheus.PrometheusServer;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.workload.PodEndpoint;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cluster on one machine, for tests and demos: the mock API server, the controller simulator, a real HTTP server
 * with Prometheus metrics for every ready pod, load generators that route like the cluster's routing objects say, and
 * a real Prometheus scraping the pods every second. With workloads, the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH}) reaches a ready pod the Service selects.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start()) {
 *     KubernetesClient client = sandbox.client();           // a user's client (retries off)
 *     sandbox.controller().faults().podsOf("shop/web:2", PodBehaviour.neverReady());
 *     sandbox.workloads().setProfile("web", "2", VersionProfile.healthy().withErrorRate(0.2));
 *     LoadGenerator load = sandbox.startLoad(LoadSpec.of("shop", "web", 50));
 *     sandbox.prometheus().instantQuery("sum(rate(http_requests_total[5s]))");
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

    /** Which Prometheus the sandbox's pods are scraped by. */
    public enum PrometheusChoice {
        /** None: no metrics are collected (the pods still serve /metrics). */
        NONE,
        /** The JVM-wide instance, shared by a whole test run (it takes ~5 s to scrape for the first time). */
        SHARED,
        /** An instance of its own, stopped with the sandbox (for the demo). */
        OWN
    }

    private final ApiServer apiServer;
    private final ControllerSimulator controller;
    private final KubernetesClient client;
    private final KubernetesClient workloadClient;
    private final Workloads workloads;
    private final PrometheusServer prometheus;
    private final boolean ownsPrometheus;
    private final List<LoadGenerator> loads = new ArrayList<>();

    private Sandbox(Builder builder) {
        apiServer = ApiServer.start(builder.port);
        controller = new ControllerSimulator(apiServer.newControlPlaneClient(), builder.pace, builder.clock).start();
        client = apiServer.newClient();
        prometheus = switch (builder.prometheus) {
            case NONE -> null;
            case SHARED -> PrometheusServer.shared();
            case OWN -> PrometheusServer.start();
        };
        ownsPrometheus = builder.prometheus == PrometheusChoice.OWN;
        if (builder.workloads) {
            workloadClient = apiServer.newControlPlaneClient();
            Path targets = prometheus != null
                    ? prometheus.targetsFile("sandbox-" + apiServer.url().replaceAll("\\D", ""))
                    : tempTargets();
            workloads = Workloads.start(workloadClient, targets);
            apiServer.serveServiceProxy((namespace, selector) -> workloads.endpoints().stream()
                    .filter(pod -> pod.namespace().equals(namespace) && pod.matches(selector))
                    .map(PodEndpoint::uri).toList());
        } else {
            workloadClient = null;
            workloads = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The API server: URL, kubeconfig, fault injection. */
    public ApiServer apiServer() {
        return apiServer;
    }

    /** A client as a pipeline gets it: faults injected into the API server apply to it; 5xx retries are off. */
    public KubernetesClient client() {
        return client;
    }

    /** The simulated controllers, with their per-image pod and Job faults. */
    public ControllerSimulator controller() {
        return controller;
    }

    /** The pods' HTTP servers and their per-version error rate and latency. */
    public Workloads workloads() {
        if (workloads == null) {
            throw new IllegalStateException("this sandbox was built without workloads");
        }
        return workloads;
    }

    /** The Prometheus scraping the pods. */
    public PrometheusServer prometheus() {
        if (prometheus == null) {
            throw new IllegalStateException("this sandbox was built without Prometheus (PrometheusChoice.NONE)");
        }
        return prometheus;
    }

    /** Starts sending traffic to a service; stopped when the sandbox closes (or earlier by closing it). */
    public synchronized LoadGenerator startLoad(LoadSpec spec) {
        LoadGenerator load = LoadGenerator.start(client, workloads(), spec);
        loads.add(load);
        return load;
    }

    @Override
    public synchronized void close() {
        loads.forEach(LoadGenerator::close);
        if (workloads != null) {
            workloads.close();
            workloadClient.close();
        }
        controller.close();
        client.close();
        apiServer.close();
        if (ownsPrometheus) {
            prometheus.close();
        }
    }

    private static Path tempTargets() {
        try {
            Path dir = Files.createTempDirectory("sandbox-targets");
            dir.toFile().deleteOnExit();
            return dir.resolve("targets.json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the scrape target list", e);
        }
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private Pace pace = Pace.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private int port;
        private boolean workloads = true;
        private PrometheusChoice prometheus = PrometheusChoice.NONE;

        /** How fast pods start and Jobs run; {@link Pace#DEFAULT}: a pod is ready in ~200 ms. */
        public Builder pace(Pace value) {
            pace = Objects.requireNonNull(value, "pace");
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The API server's port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + value);
            }
            port = value;
            return this;
        }

        /** Whether ready pods get real HTTP servers (default yes). */
        public Builder workloads(boolean value) {
            workloads = value;
            return this;
        }

        public Builder prometheus(PrometheusChoice value) {
            prometheus = Objects.requireNonNull(value, "prometheus");
            return this;
        }

        public Sandbox start() {
            if (prometheus != PrometheusChoice.NONE && !workloads) {
                throw new IllegalArgumentException("prometheus needs workloads: there is nothing to scrape without them");
            }
            return new Sandbox(this);
        }
    }
}
