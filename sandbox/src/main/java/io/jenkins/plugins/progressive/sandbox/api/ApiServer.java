package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * The sandbox's Kubernetes API server: fabric8's mock server in CRUD mode, plain HTTP on 127.0.0.1, with discovery
 * documents for kubectl and injectable {@link ApiFaults}. What it cannot do (strategic-merge patch, server-side apply,
 * set-based selectors, pagination) is listed in the toolchain notes; clients use JSON merge/JSON patches or edits.
 */
public final class ApiServer implements AutoCloseable {

    /** The mock server logs every request at INFO; keep a strong reference so the quieter level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final ApiFaults faults = new ApiFaults();
    private final ApiWrites writes = new ApiWrites();
    private final FaultInjectingDispatcher dispatcher;
    /** Started on first use: most sandboxes never reset a connection, and it costs threads. */
    private FaultProxy faultProxy;
    private boolean closed;

    private ApiServer(int port) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        dispatcher = new FaultInjectingDispatcher(responses, faults, writes);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox API server on 127.0.0.1:" + port, e);
        }
        Discovery.register(server);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Starts an API server on a free port of 127.0.0.1. */
    public static ApiServer start() {
        return new ApiServer(0);
    }

    /** Starts an API server on the given port of 127.0.0.1 (0 picks a free one). */
    public static ApiServer start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        return new ApiServer(port);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /**
     * The base URL of a TCP proxy in front of this server, e.g. {@code http://127.0.0.1:41235}, started on first call.
     * A client pointed here gets every fault, including {@link FaultKind#RESET_MID_BODY} connection resets, which a
     * client of {@link #url()} (kubectl, the control plane) never gets. WebSocket watches pass through untouched.
     */
    public synchronized String faultProxyUrl() {
        if (closed) {
            throw new IllegalStateException("the API server is closed");
        }
        if (faultProxy == null) {
            faultProxy = new FaultProxy(new InetSocketAddress("127.0.0.1", server.getPort()),
                    "sandbox-fault-reset-" + UUID.randomUUID());
            dispatcher.resetThrough(faultProxy);
        }
        return "http://127.0.0.1:" + faultProxy.port();
    }

    /** Faults injected here hit every client except the sandbox's own control plane. */
    public ApiFaults faults() {
        return faults;
    }

    /** The writes of every client but the control plane: a refusal before the first write leaves none. */
    public ApiWrites writes() {
        return writes;
    }

    /**
     * Serves the service proxy ({@code GET /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH}) from now on,
     * forwarding to the ready pods {@code endpoints} names; without it those paths are 404. Faults injected for a
     * proxy path apply as for any other path. A forward blocks one of the server's event loops for at most
     * {@link ServiceProxy#FORWARD_TIMEOUT} (30 s; the caller times out first).
     */
    public void serveServiceProxy(ServiceEndpoints endpoints) {
        dispatcher.serveServiceProxy(new ServiceProxy(endpoints));
    }

    /**
     * A client as a user of the cluster gets it. Its automatic retry of 5xx answers is off so injected faults
     * surface at once (the default retries ten times with back-off, which hides a single error).
     */
    public KubernetesClient newClient() {
        return server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    /**
     * A client like {@link #newClient()} that identifies itself with {@code userAgent}, so {@link ApiWrites} tells its
     * writes apart from another client's (two engines on one cluster).
     */
    public KubernetesClient newClient(String userAgent) {
        if (userAgent == null || userAgent.isBlank() || userAgent.contains(FaultInjectingDispatcher.CONTROL_PLANE_AGENT)) {
            throw new IllegalArgumentException("userAgent must name the client (and not be the control plane's), was \""
                    + userAgent + "\"");
        }
        return server.createClient(b -> b.editOrNewConfig().withUserAgent(userAgent).withRequestRetryBackoffLimit(0)
                .endConfig());
    }

    /** A client for the sandbox's own control plane: faults never apply to it. */
    public KubernetesClient newControlPlaneClient() {
        return server.createClient(b -> b.editOrNewConfig()
                .withUserAgent(FaultInjectingDispatcher.CONTROL_PLANE_AGENT)
                .withRequestRetryBackoffLimit(3).endConfig());
    }

    /** The underlying mock server, for tests that need expectations. */
    public KubernetesMockServer mockServer() {
        return server;
    }

    /** Writes a kubeconfig pointing at this server, for kubectl ({@code --validate=false}; see the README). */
    public Path writeKubeconfig(Path file) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sandbox
                  cluster:
                    server: %s
                users:
                - name: sandbox
                  user: {}
                contexts:
                - name: sandbox
                  context:
                    cluster: sandbox
                    user: sandbox
                    namespace: default
                current-context: sandbox
                """.formatted(url());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
        return file;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (faultProxy != null) {
                faultProxy.close();
            }
        }
        dispatcher.close();
        server.destroy();
    }
}
