package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * The mock server's CRUD-plus-expectations dispatcher with {@link ApiFaults} in front of it, and the
 * {@link ServiceProxy} (once the sandbox serves one) beside it for service proxy paths. Delays use the mock server's
 * body delay rather than sleeping, so the server's event loop is never blocked by a fault.
 */
final class FaultInjectingDispatcher extends KubernetesMixedDispatcher {

    /** User agent of the sandbox's own clients (the controller simulator); faults do not apply to them. */
    static final String CONTROL_PLANE_AGENT = "progressive-sandbox-control-plane";

    private final ApiFaults faults;
    private final ApiWrites writes;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private volatile ServiceProxy serviceProxy;

    FaultInjectingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, ApiFaults faults, ApiWrites writes) {
        super(responses);
        this.faults = faults;
        this.writes = writes;
    }

    /** Serves service proxy paths from now on; until then they are unknown paths of the store (404). */
    void serveServiceProxy(ServiceProxy proxy) {
        serviceProxy = proxy;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.contains(CONTROL_PLANE_AGENT)) {
            return answer(request);
        }
        String path = request.getPath() == null ? "" : request.getPath();
        int query = path.indexOf('?');
        writes.record(request.getMethod(), query < 0 ? path : path.substring(0, query), agent);
        var fault = faults.take(request.getMethod(), query < 0 ? path : path.substring(0, query));
        if (fault.isEmpty()) {
            return answer(request);
        }
        ApiFault applied = fault.get();
        MockResponse response = applied.status() == 0 ? answer(request) : errorResponse(applied.status());
        return applied.delay().isZero() ? response : response.setBodyDelay(applied.delay());
    }

    private MockResponse answer(RecordedRequest request) {
        ServiceProxy proxy = serviceProxy;
        String path = request.getPath();
        if (proxy != null && path != null && ServiceProxy.isProxyPath(path)) {
            return proxy.answer(request.getMethod(), path, this::storedService);
        }
        return super.dispatch(request);
    }

    /** Reads a Service straight from the store: a client call would go through this very event loop. */
    private Optional<Service> storedService(String namespace, String name) {
        RecordedRequest get = new RecordedRequest("HTTP/1.1", HttpMethod.GET,
                "/api/v1/namespaces/" + namespace + "/services/" + name, Headers.builder().build(), new Buffer());
        MockResponse stored = super.dispatch(get);
        if (stored.code() != 200 || stored.getBody() == null) {
            return Optional.empty();
        }
        return Optional.of(serialization.unmarshal(stored.getBody().readUtf8(), Service.class));
    }

    private static MockResponse errorResponse(int status) {
        String reason = switch (status) {
            case 409 -> "Conflict";
            case 429 -> "TooManyRequests";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            default -> "InjectedFault";
        };
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + status
                + ",\"reason\":\"" + reason + "\",\"message\":\"sandbox: injected fault (" + status + ")\"}";
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }
}
