package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs an {@link HttpHealthCheck} through the API server's service proxy with the cluster's own client: the request
 * goes to the client's master URL with the client's credentials (its interceptors add them), so a check needs exactly
 * the access the rollout already has, plus {@code get} on {@code services/proxy}.
 *
 * <p>The request is sent once: the client's automatic retry of 5xx answers is switched off for it, since a retried
 * health check would hide exactly the failures it is there to see and stretch a 5 s check into minutes.
 */
public final class ServiceProxyProbe {

    static final int EXCERPT_LENGTH = 200;
    /** The client's own timeout fires a little later than ours, so ours decides and its message is the same always. */
    private static final long CLIENT_TIMEOUT_SLACK_MILLIS = 1_000;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ServiceProxyProbe() {
    }

    /**
     * Sends the check's GET once and judges the answer. The future never completes exceptionally: an unreachable API
     * server, a timeout or a proxy error is a failed result saying why. It completes on an HTTP client or timer thread,
     * so anything blocking that follows belongs in an {@code ...Async} stage.
     *
     * @throws IllegalArgumentException the namespace is not a valid namespace name
     */
    public static CompletableFuture<HealthCheckResult> probe(KubernetesClient client, String namespace,
            HttpHealthCheck check) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(check, "check must not be null");
        if (namespace == null || namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be a namespace name such as shop, was " + namespace);
        }
        long started = System.nanoTime();
        try {
            HttpClient http = singleAttempt(client);
            HttpRequest request = http.newHttpRequestBuilder().uri(proxyUri(client, namespace, check))
                    .timeout(check.timeout().toMillis() + CLIENT_TIMEOUT_SLACK_MILLIS, TimeUnit.MILLISECONDS)
                    .build();
            return http.sendAsync(request, String.class)
                    .orTimeout(check.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((response, error) -> judge(client, check, response, error, since(started)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(check, e, since(started)));
        }
    }

    /** The URI of the check on the proxy, below the master URL's path (which may be a prefix, as behind Rancher). */
    static String proxyUri(KubernetesClient client, String namespace, HttpHealthCheck check) {
        String master = client.getMasterUrl().toString().replaceAll("/+$", "");
        return master + "/api/v1/namespaces/" + namespace + "/services/" + check.service() + ":" + check.port()
                + "/proxy" + check.path();
    }

    /**
     * A client sharing the cluster client's connections and credentials but not retrying. It is a view of the shared
     * client: closing it would close that one too, so it is left to the garbage collector.
     */
    private static HttpClient singleAttempt(KubernetesClient client) {
        return client.getHttpClient().newBuilder().tag(new RequestConfigBuilder(
                client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0).build()).build();
    }

    private static HealthCheckResult judge(KubernetesClient client, HttpHealthCheck check, HttpResponse<String> response,
            Throwable error, Duration duration) {
        try {
            if (error != null) {
                return failed(check, error, duration);
            }
            int code = response.code();
            String body = response.body() == null ? "" : response.body();
            if (code != check.expectedStatus()) {
                return new HealthCheckResult(false, code, check.describe() + " answered " + code + ", expected "
                        + check.expectedStatus() + ": " + excerpt(client, body), duration);
            }
            if (check.bodyContains() != null && !body.contains(check.bodyContains())) {
                return new HealthCheckResult(false, code, check.describe() + " answered " + code
                        + " but the body did not contain \"" + check.bodyContains() + "\": " + excerpt(client, body),
                        duration);
            }
            return new HealthCheckResult(true, code, check.describe() + " answered " + code + " in "
                    + duration.toMillis() + " ms", duration);
        } catch (RuntimeException e) {
            return failed(check, e, duration);
        }
    }

    private static HealthCheckResult failed(HttpHealthCheck check, Throwable error, Duration duration) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason;
        if (cause instanceof TimeoutException) {
            return new HealthCheckResult(false, 0, check.describe() + " did not answer within "
                    + describe(check.timeout()), duration);
        } else if (cause instanceof ConnectException) {
            reason = "cannot connect to the API server: " + cause.getMessage();
        } else if (cause instanceof UnknownHostException) {
            reason = "unknown API server host " + cause.getMessage();
        } else {
            reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return new HealthCheckResult(false, 0, check.describe() + " failed: " + reason, duration);
    }

    /**
     * At most {@value #EXCERPT_LENGTH} characters of a body, on one line. An error of the API server itself (no
     * endpoints, no such Service, forbidden) is a Kubernetes {@code Status}: its message says it better.
     */
    static String excerpt(KubernetesClient client, String body) {
        String text = body.strip();
        if (text.startsWith("{") && text.contains("\"Status\"")) {
            try {
                Status status = client.getKubernetesSerialization().unmarshal(text, Status.class);
                if ("Status".equals(status.getKind()) && status.getMessage() != null) {
                    text = status.getMessage();
                }
            } catch (RuntimeException notAStatus) {
                // Then the body is quoted as it is.
            }
        }
        text = text.replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "(empty body)";
        }
        return text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH - 1) + "…";
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
