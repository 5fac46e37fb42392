package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** Builds the {@link TrafficRouter} a {@link RouterSpec} describes; nothing is read or written until it is used. */
public final class TrafficRouters {

    private TrafficRouters() {
    }

    /**
     * @param spec which router, on which objects
     * @param client the cluster's client
     * @param namespace the namespace of the router's objects and Services
     * @throws IllegalArgumentException naming the parameter that is invalid
     */
    public static TrafficRouter create(RouterSpec spec, KubernetesClient client, String namespace) {
        Objects.requireNonNull(spec, "spec must not be null");
        return switch (spec.kind()) {
            case REPLICA_RATIO -> new ReplicaRatioRouter(client, namespace, spec.stableDeployment(), spec.totalReplicas());
            case GATEWAY_API -> new GatewayApiRouter(client, namespace, spec.routerObject(), spec.stableService(),
                    spec.canaryService());
            case ISTIO -> new IstioRouter(client, namespace, spec.routerObject(), spec.stableService(),
                    spec.canaryService());
            case NGINX -> new NginxCanaryRouter(client, namespace, spec.routerObject(), spec.stableService(),
                    spec.canaryService());
        };
    }
}
