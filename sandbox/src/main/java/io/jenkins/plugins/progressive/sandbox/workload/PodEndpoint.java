package io.jenkins.plugins.progressive.sandbox.workload;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A READY pod and the HTTP server that plays it.
 *
 * @param namespace namespace of the pod
 * @param name      name of the pod
 * @param service   label {@code app} of the pod
 * @param version   label {@code version}, else the tag of the first container's image
 * @param labels    all labels of the pod (routing selects pods by these)
 * @param uri       base URI of the server, e.g. {@code http://127.0.0.1:41234/}
 */
public record PodEndpoint(String namespace, String name, String service, String version,
                          Map<String, String> labels, URI uri) {

    public PodEndpoint {
        Objects.requireNonNull(namespace, "namespace must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(version, "version must not be null");
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels must not be null"));
        Objects.requireNonNull(uri, "uri must not be null");
    }

    /** {@code namespace/name}, the key of a pod in the sandbox. */
    public String key() {
        return namespace + "/" + name;
    }

    /** {@code host:port} as Prometheus wants it in a target list. */
    public String hostAndPort() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Whether every label of {@code selector} is on this pod with the same value. */
    public boolean matches(Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
