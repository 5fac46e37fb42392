package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Makes the API server itself refuse the writes of a holder whose lease term is over. {@link LeaseFence} stamps the
 * holder's term on the workload object (annotation {@link #ANNOTATION}) when it takes the lease; this client puts a
 * JSON-patch {@code test} of that annotation in front of every JSON patch of that object. The API server applies a
 * patch atomically, tests included: once another holder has stamped its own term, every patch of the old holder
 * fails with 422 and changes nothing — however long its JVM stalled, whatever its clock says. (The local check in
 * {@link LeaseFence} stops the old holder earlier, without a request; this is the guarantee behind it.)
 *
 * <p>Only JSON patches of the workload object itself carry the test: the engine writes the workload that way
 * (the rollout's objects around it — canary Deployment, Services, routes — are fenced by the local check).
 */
final class TermFencedHttpClient extends ForwardingHttpClient {

    /** Where the holder's term is stamped on the workload. */
    static final String ANNOTATION = "progressive.jenkins.io/lease-term";
    private static final String POINTER = "/metadata/annotations/" + ANNOTATION.replace("~", "~0").replace("/", "~1");

    /** The object whose patches are fenced, by its API path, and the term they must find on it. */
    record Term(String path, String term) {
    }

    private final Supplier<Term> current;

    TermFencedHttpClient(HttpClient delegate, Supplier<Term> current) {
        super(delegate);
        this.current = current;
    }

    /** A JSON patch that stamps {@code term} on an object with or without annotations. */
    static String stamp(boolean hasAnnotations, String term) {
        return hasAnnotations
                ? Serialization.asJson(List.of(Map.of("op", "add", "path", POINTER, "value", term)))
                : Serialization.asJson(List.of(Map.of("op", "add", "path", "/metadata/annotations",
                        "value", Map.of(ANNOTATION, term))));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
        return delegate.sendAsync(fenced(request), type);
    }

    private HttpRequest fenced(HttpRequest request) {
        Term term = current.get();
        if (term == null || !"PATCH".equalsIgnoreCase(request.method()) || request.uri() == null
                || !term.path().equals(request.uri().getPath()) || !(request instanceof StandardHttpRequest standard)
                || standard.getContentType() == null || !standard.getContentType().contains("json-patch")) {
            return request;
        }
        String body = request.bodyString();
        if (body == null || !body.trim().startsWith("[")) {
            return request;
        }
        String test = Serialization.asJson(Map.of("op", "test", "path", POINTER, "value", term.term()));
        String rest = body.trim().substring(1).trim();
        String fencedBody = "[" + test + (rest.equals("]") ? "]" : "," + rest);
        return standard.newBuilder().method("PATCH", standard.getContentType(), fencedBody).build();
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        return delegate.consumeBytes(fenced(request), consumer);
    }

    @Override
    protected HttpClient wrap(HttpClient derived) {
        return new TermFencedHttpClient(derived, current);
    }
}
