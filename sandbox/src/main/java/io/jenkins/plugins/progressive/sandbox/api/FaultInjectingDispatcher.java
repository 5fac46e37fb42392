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
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * The mock server's CRUD-plus-expectations dispatcher with {@link ApiFaults} in front of it, and the
 * {@link ServiceProxy} (once the sandbox serves one) beside it for service proxy paths. Delays use the mock server's
 * body delay rather than sleeping, so the server's event loop is never blocked by a fault. Watch faults wrap the
 * store's watch listener ({@link WatchFaults}); resets are marked here and done by the {@link FaultProxy}.
 */
final class FaultInjectingDispatcher extends KubernetesMixedDispatcher {

    /** User agent of the sandbox's own clients (the controller simulator); faults do not apply to them. */
    static final String CONTROL_PLANE_AGENT = "progressive-sandbox-control-plane";

    private final ApiFaults faults;
    private final ApiWrites writes;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private volatile ServiceProxy serviceProxy;
    private volatile FaultProxy faultProxy;
    /** Closes watches for {@link FaultKind#WATCH_CLOSE}: a timer, so the server's event loop never waits. */
    private final ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-watch-fault-timer");
        thread.setDaemon(true);
        return thread;
    });

    FaultInjectingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, ApiFaults faults, ApiWrites writes) {
        super(responses);
        this.faults = faults;
        this.writes = writes;
    }

    /** Serves service proxy paths from now on; until then they are unknown paths of the store (404). */
    void serveServiceProxy(ServiceProxy proxy) {
        serviceProxy = proxy;
    }

    /** Marks answers to be reset for this proxy from now on; until then no request matches a reset fault. */
    void resetThrough(FaultProxy proxy) {
        faultProxy = proxy;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.contains(CONTROL_PLANE_AGENT)) {
            return answer(request);
        }
        FaultProxy proxy = faultProxy;
        FaultRequest classified = FaultRequest.of(request, proxy == null ? 0 : proxy.port());
        if (!writes.admit(request.getMethod(), agent)) {
            writes.record(request.getMethod(), classified.path(), agent, 0, null);
            // Forbidden, which no client retries: a dead process sends nothing more, it does not retry for 30 s.
            return status(403, "Forbidden", "sandbox: this client was cut off", "");
        }
        MockResponse response = faulted(request, classified, proxy);
        if (ApiWrites.isWrite(request.getMethod())) {
            // The answer's body is the object as the write left it: read without consuming it (getBytes copies).
            writes.record(request.getMethod(), classified.path(), agent, response.code(),
                    response.getBody() == null ? null : new String(response.getBody().getBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
        }
        return response;
    }

    private MockResponse faulted(RecordedRequest request, FaultRequest classified, FaultProxy proxy) {
        var fault = faults.take(classified);
        if (fault.isEmpty()) {
            return answer(request);
        }
        ApiFault applied = fault.get();
        MockResponse response = switch (applied.kind()) {
            case ERROR -> errorResponse(applied.status());
            case TOO_MANY_REQUESTS -> tooManyRequests(applied.retryAfterSeconds());
            case SLOW -> answer(request);
            // The proxy sees the marker and cuts this answer; take() matched only requests that came through it.
            case RESET_MID_BODY -> answer(request).setHeader(FaultProxy.MARKER_HEADER, proxy.marker());
            case WATCH_CLOSE -> wrapWatch(answer(request),
                    store -> WatchFaults.closingAfter(store, applied.after(), watchTimer));
            case WATCH_SILENT -> wrapWatch(answer(request), WatchFaults::silent);
        };
        return applied.delay().isZero() ? response : response.setBodyDelay(applied.delay());
    }

    /** A watch answer is an upgrade with the store's listener; anything else (an error) goes out as it is. */
    private static MockResponse wrapWatch(MockResponse answer, UnaryOperator<WebSocketListener> fault) {
        WebSocketListener store = answer.getWebSocketListener();
        return store == null ? answer : answer.withWebSocketUpgrade(fault.apply(store));
    }

    /** Stops the timer of watch closes. */
    void close() {
        watchTimer.shutdownNow();
    }

    private MockResponse answer(RecordedRequest request) {
        ServiceProxy proxy = serviceProxy;
        String path = request.getPath();
        if (proxy != null && path != null && ServiceProxy.isProxyPath(path)) {
            return proxy.answer(request.getMethod(), path, this::storedService);
        }
        Optional<String> failedTest = failedPatchTest(request);
        if (failedTest.isPresent()) {
            return status(422, "Invalid", failedTest.get(), "");
        }
        return super.dispatch(request);
    }

    /** A JSON patch whose {@code test} operations fail on the stored object (see {@link JsonPatchTests}). */
    private Optional<String> failedPatchTest(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (!"PATCH".equalsIgnoreCase(request.getMethod()) || type == null || !type.contains("json-patch")
                || request.getBody() == null) {
            return Optional.empty();
        }
        String patch = new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!patch.contains("\"test\"")) {
            return Optional.empty();
        }
        String path = request.getPath();
        int query = path.indexOf('?');
        RecordedRequest get = new RecordedRequest("HTTP/1.1", HttpMethod.GET, query < 0 ? path : path.substring(0, query),
                Headers.builder().build(), new Buffer());
        MockResponse stored = super.dispatch(get);
        if (stored.code() != 200 || stored.getBody() == null) {
            return Optional.empty(); // the store answers 404 itself
        }
        return JsonPatchTests.failure(patch, stored.getBody().readUtf8());
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
        return status(status, reason, "sandbox: injected fault (" + status + ")", "");
    }

    /** As a real API server's priority and fairness refuses: 429, Retry-After, and the seconds in the Status too. */
    private static MockResponse tooManyRequests(long retryAfterSeconds) {
        return status(429, "TooManyRequests", "sandbox: injected fault (429), too many requests, please try again later",
                ",\"details\":{\"retryAfterSeconds\":" + retryAfterSeconds + "}")
                .setHeader("Retry-After", retryAfterSeconds);
    }

    private static MockResponse status(int code, String reason, String message, String extra) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code
                + ",\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"" + extra + "}";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
