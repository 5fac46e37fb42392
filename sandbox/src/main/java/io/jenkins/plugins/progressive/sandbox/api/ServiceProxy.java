package io.jenkins.plugins.progressive.sandbox.api;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's service proxy, {@code /api/v1/namespaces/NS/services/[SCHEME:]NAME[:PORT]/proxy[/PATH]}, which the
 * mock server lacks: a GET is forwarded to one ready pod the Service selects, picked at random as the real API server
 * does, and the pod's status and body come back. The errors are the real API server's: 404 for an unknown Service,
 * 503 {@code no endpoints available for service "web"} when no selected pod is ready, 503 for a port the Service does
 * not have or a pod that does not answer. Every sandbox pod serves one port, so the Service port only has to exist;
 * its {@code targetPort} is not followed.
 *
 * <p>The mock server dispatches on its event loop and its dispatcher must answer synchronously, so forwarding blocks
 * that loop for as long as the pod takes, bounded by {@link #FORWARD_TIMEOUT}. The real API server has no short proxy
 * timeout of its own (the request's, 60 s by default, and the caller's decide), so the bound is generous: a pod that is
 * slow because the machine is loaded is waited for, as in a cluster, and the caller's own timeout says when it has
 * waited enough. A forward whose pooled connection the pod had already closed is sent once more on a new connection,
 * as Go's HTTP transport (the API server's) repeats an idempotent request that failed before any answer.
 */
final class ServiceProxy {

    /** The forward call holds one of the mock server's event loops (see the class comment); callers time out first. */
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern PROXY_PATH =
            Pattern.compile("^/api/v1/namespaces/([^/]+)/services/([^/]+)/proxy(/[^?]*)?(\\?.*)?$");

    private final ServiceEndpoints endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    ServiceProxy(ServiceEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints must not be null");
    }

    /** Whether a request path (with its query) is a service proxy path. */
    static boolean isProxyPath(String path) {
        return PROXY_PATH.matcher(path).matches();
    }

    /**
     * Answers a request on a proxy path.
     *
     * @param method   the HTTP method
     * @param path     the request path with its query
     * @param services reads a Service from the API server's store by namespace and name
     */
    MockResponse answer(String method, String path, BiFunction<String, String, Optional<Service>> services) {
        Matcher matcher = PROXY_PATH.matcher(path);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a service proxy path: " + path);
        }
        if (!"GET".equals(method)) {
            return status(405, "MethodNotAllowed", "sandbox: the service proxy forwards GET only, not " + method);
        }
        String namespace = matcher.group(1);
        String[] id = matcher.group(2).split(":", -1);
        // [scheme:]name[:port], as the API server splits it
        String name = id.length == 3 ? id[1] : id[0];
        String port = id.length == 3 ? id[2] : id.length == 2 ? id[1] : "";
        if (id.length == 3 && !id[0].isEmpty() && !"http".equals(id[0])) {
            return status(503, "ServiceUnavailable", "sandbox: pods serve plain HTTP only, not " + id[0]);
        }
        Optional<Service> service = services.apply(namespace, name);
        if (service.isEmpty()) {
            return status(404, "NotFound", "services \"" + name + "\" not found");
        }
        if (!port.isEmpty() && !hasPort(service.get(), port)) {
            return status(503, "ServiceUnavailable",
                    "no service port \"" + port + "\" found for service \"" + name + "\"");
        }
        Map<String, String> selector = service.get().getSpec() == null ? null : service.get().getSpec().getSelector();
        // A Service without a selector has only the endpoints someone writes by hand; the sandbox has none.
        List<URI> ready = selector == null || selector.isEmpty() ? List.of() : endpoints.ready(namespace, selector);
        if (ready.isEmpty()) {
            return status(503, "ServiceUnavailable", "no endpoints available for service \"" + name + "\"");
        }
        URI pod = ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
        String rest = (matcher.group(3) == null ? "/" : matcher.group(3))
                + (matcher.group(4) == null ? "" : matcher.group(4));
        URI target;
        try {
            target = pod.resolve(rest);
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", "sandbox: cannot forward path " + rest + ": " + e.getMessage());
        }
        return forward(target);
    }

    private MockResponse forward(URI target) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException stale) {
                if (stale instanceof HttpTimeoutException) {
                    throw stale;
                }
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            MockResponse answer = new MockResponse().setResponseCode(response.statusCode()).setBody(response.body());
            for (String header : List.of("Content-Type", "X-Sandbox-Pod", "X-Sandbox-Version")) {
                response.headers().firstValue(header).ifPresent(value -> answer.setHeader(header, value));
            }
            return answer;
        } catch (HttpTimeoutException e) {
            return status(503, "ServiceUnavailable", "error trying to reach service: " + target.getAuthority()
                    + " did not answer within " + FORWARD_TIMEOUT.toMillis() + " ms");
        } catch (IOException e) {
            return status(503, "ServiceUnavailable", "error trying to reach service: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status(503, "ServiceUnavailable", "error trying to reach service: interrupted");
        }
    }

    private static boolean hasPort(Service service, String port) {
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of() : service.getSpec().getPorts();
        return ports.stream().anyMatch(p -> port.equals(p.getName())
                || (p.getPort() != null && port.equals(p.getPort().toString())));
    }

    /** A Kubernetes {@code Status} answer, as the API server writes its errors. */
    static MockResponse status(int code, String reason, String message) {
        String quoted = message.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + quoted + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
