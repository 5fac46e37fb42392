package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A fabric8 HTTP client that hands everything to another one; subclasses change what they need. A client derived
 * from it ({@link #newBuilder()}, as fabric8 does for watches and per-request settings) is wrapped the same way, so a
 * decoration is never lost on the way.
 */
abstract class ForwardingHttpClient implements HttpClient {

    protected final HttpClient delegate;

    protected ForwardingHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** The same decoration around {@code derived}. */
    protected abstract HttpClient wrap(HttpClient derived);

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
        return delegate.sendAsync(request, type);
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        return delegate.consumeBytes(request, consumer);
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    @Override
    public HttpRequest.Builder newHttpRequestBuilder() {
        return delegate.newHttpRequestBuilder();
    }

    @Override
    public DerivedClientBuilder newBuilder() {
        DerivedClientBuilder derived = delegate.newBuilder();
        return new DerivedClientBuilder() {
            @Override
            public HttpClient build() {
                return wrap(derived.build());
            }

            @Override
            public DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor interceptor) {
                derived.addOrReplaceInterceptor(name, interceptor);
                return this;
            }

            @Override
            public DerivedClientBuilder authenticatorNone() {
                derived.authenticatorNone();
                return this;
            }

            @Override
            public DerivedClientBuilder tag(Object value) {
                derived.tag(value);
                return this;
            }
        };
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
