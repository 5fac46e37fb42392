package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A rollout's HTTP client: every request that meets a transient API fault is tried again, so one 503 from a restarting
 * API server, a 429 from its priority-and-fairness limits, a connection reset in the middle of an answer or an answer
 * slower than the request timeout does not end a rollout half-way — or worse, end its undo half-way.
 *
 * <p>What is tried again, and why only that:
 * <ul>
 *   <li><b>429</b> (any method): the server refused the request before doing anything; its {@code Retry-After} is
 *       honoured.</li>
 *   <li><b>5xx, a broken or timed-out connection</b>: only requests that are safe to repeat — GET, and the writes
 *       the engine makes idempotent (PATCH with absolute values, PUT carrying a resourceVersion, DELETE). A POST may
 *       have created its object before the answer was lost; repeating it would answer "already exists", so its
 *       failure goes to the caller, who knows what it was creating.</li>
 *   <li><b>409 on a PATCH without a resourceVersion</b>: nothing to be stale against, so the conflict is the
 *       server's own optimistic-lock retries running out under contention ("please apply your changes to the latest
 *       version and try again"). A guarded patch's, a PUT's or a POST's 409 is an answer (stale resourceVersion,
 *       already exists) and goes to the caller, who reads again.</li>
 * </ul>
 * <p>Requests through the API server's service or pod proxy are never repeated: their answer is the workload's, and a
 * health check must see a failing pod's 500 as it is.
 *
 * <p>Each try passes through the wrapped client's interceptors, so the {@link LeaseFence} is asked again before a write
 * is repeated: a holder that lost its lease while waiting to retry sends nothing. fabric8's own retry is off for these
 * clients (one policy, one place). Waits are scheduled, never slept.
 */
public final class RetryingHttpClient extends ForwardingHttpClient {

    private static final Set<String> REPEATABLE = Set.of("GET", "HEAD", "PUT", "PATCH", "DELETE");
    /** The API server's proxy to a Service or pod: its answer is the workload's (a health check's 500), not a fault. */
    private static final Pattern PROXIED = Pattern.compile("/api/v1/namespaces/[^/]+/(services|pods)/[^/]+/proxy(/.*)?");

    private final ApiRetryPolicy policy;

    public RetryingHttpClient(HttpClient delegate, ApiRetryPolicy policy) {
        super(delegate);
        this.policy = policy;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
        if (request.uri() != null && request.uri().getPath() != null && PROXIED.matcher(request.uri().getPath()).matches()) {
            return delegate.sendAsync(request, type);
        }
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        attempt(request, type, 1, System.nanoTime() + policy.budget().toNanos(), result);
        return result;
    }

    private <T> void attempt(HttpRequest request, Class<T> type, int attempt, long budgetEnd,
            CompletableFuture<HttpResponse<T>> result) {
        CompletableFuture<HttpResponse<T>> sent;
        try {
            sent = delegate.sendAsync(request, type);
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // e.g. the lease fence refused the write: never retried
            return;
        }
        sent.whenComplete((response, error) -> {
            if (result.isDone()) {
                return;
            }
            Duration wait = retryAfter(request, response, error, attempt);
            if (wait == null || attempt >= policy.attempts() || System.nanoTime() + wait.toNanos() > budgetEnd) {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(response);
                }
                return;
            }
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(request, type, attempt + 1, budgetEnd, result));
        });
    }

    /** How long to wait before trying {@code request} again, or null if its answer is final. */
    private Duration retryAfter(HttpRequest request, HttpResponse<?> response, Throwable error, int attempt) {
        String method = request.method() == null ? "GET" : request.method().toUpperCase(Locale.ROOT);
        Duration backoff = jitter(policy.backoff(attempt));
        if (error != null) {
            return REPEATABLE.contains(method) && transientFailure(error) ? backoff : null;
        }
        int code = response.code();
        if (code == 429) {
            Duration asked = retryAfterHeader(response);
            return asked != null && asked.compareTo(backoff) > 0 ? asked : backoff;
        }
        if (code >= 500 && REPEATABLE.contains(method)) {
            return backoff;
        }
        if (code == 409 && "PATCH".equals(method) && !guarded(request)) {
            return backoff;
        }
        return null;
    }

    /** A patch that names the resourceVersion it was computed from: its 409 means "read again", not "try again". */
    private static boolean guarded(HttpRequest request) {
        String body = request.bodyString();
        return body != null && body.contains("resourceVersion");
    }

    /** A connection that broke or an answer that did not come in time; not a refusal by an interceptor. */
    static boolean transientFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // fabric8 wraps I/O errors in its own exceptions: look through the causes.
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Spreads the retries of many rollouts hit by one outage, so they do not return in lockstep. */
    private static Duration jitter(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static Duration retryAfterHeader(HttpResponse<?> response) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        // Streams (logs, raw reads) hand their bytes to the consumer as they come: a retry would repeat them.
        return delegate.consumeBytes(request, consumer);
    }

    @Override
    protected HttpClient wrap(HttpClient derived) {
        return new RetryingHttpClient(derived, policy);
    }
}
