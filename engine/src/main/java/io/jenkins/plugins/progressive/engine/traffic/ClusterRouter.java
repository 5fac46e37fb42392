package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What every router has: the cluster's client, the namespace of its objects and whether a proxy splits the requests.
 * Only a proxy that looks at each request splits by exact weights and can match headers; without one (replica ratio)
 * the share follows pod counts and no request can be steered, so both capabilities follow from that one fact.
 */
abstract class ClusterRouter implements TrafficRouter {

    final KubernetesClient client;
    final String namespace;
    private final boolean proxied;

    ClusterRouter(KubernetesClient client, String namespace, boolean proxied) {
        this.client = RouterArguments.client(client);
        this.namespace = RouterArguments.namespace(namespace);
        this.proxied = proxied;
    }

    @Override
    public final boolean exactWeights() {
        return proxied;
    }

    @Override
    public final boolean supportsHeaderRoutes() {
        return proxied;
    }
}
