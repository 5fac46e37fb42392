package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Queue;

/**
 * The mock server's CRUD-plus-expectations dispatcher with {@link ApiFaults} in front of it. Delays use the mock
 * server's body delay rather than sleeping, so the server's event loop is never blocked.
 */
final class FaultInjectingDispatcher extends KubernetesMixedDispatcher {

    /** User agent of the sandbox's own clients (the controller simulator); faults do not apply to them. */
    static final String CONTROL_PLANE_AGENT = "progressive-sandbox-control-plane";

    private final ApiFaults faults;

    FaultInjectingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, ApiFaults faults) {
        super(responses);
        this.faults = faults;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.contains(CONTROL_PLANE_AGENT)) {
            return super.dispatch(request);
        }
        String path = request.getPath() == null ? "" : request.getPath();
        int query = path.indexOf('?');
        var fault = faults.take(request.getMethod(), query < 0 ? path : path.substring(0, query));
        if (fault.isEmpty()) {
            return super.dispatch(request);
        }
        ApiFault applied = fault.get();
        MockResponse response = applied.status() == 0 ? super.dispatch(request) : errorResponse(applied.status());
        return applied.delay().isZero() ? response : response.setBodyDelay(applied.delay());
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
