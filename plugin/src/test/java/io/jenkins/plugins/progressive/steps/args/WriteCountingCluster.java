package io.jenkins.plugins.progressive.steps.args;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kubernetes API server (fabric8's mock in CRUD mode) that records every write a client sends: POST, PUT, PATCH and
 * DELETE, whatever the answer. "Refused before the first write" is then a number, 0, not an impression.
 */
final class WriteCountingCluster implements AutoCloseable {
    private static final List<String> WRITES = List.of("POST", "PUT", "PATCH", "DELETE");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<String> writes = new CopyOnWriteArrayList<>();

    WriteCountingCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (WRITES.contains(request.getMethod())) {
                    writes.add(request.getMethod() + " " + request.getPath());
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    KubernetesClient client() {
        return client;
    }

    /** The writes since the last {@link #reset()}, e.g. {@code PATCH /apis/apps/v1/namespaces/shop/deployments/web}. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    void reset() {
        writes.clear();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
