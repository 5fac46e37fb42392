package io.jenkins.plugins.progressive.engine.traffic;

import java.util.Arrays;

/**
 * Which router moves a canary's traffic and the objects it works on; {@link TrafficRouters#create} turns it into a
 * {@link TrafficRouter}. Fields a kind does not use are ignored, so a strategy can fill every field whatever the kind.
 *
 * @param kind the mechanism
 * @param routerObject the user's object the router works on: the HTTPRoute ({@code GATEWAY_API}), the VirtualService
 *        ({@code ISTIO}) or the primary Ingress ({@code NGINX}); unused by {@code REPLICA_RATIO}
 * @param stableService the Service selecting only stable pods; unused by {@code REPLICA_RATIO}
 * @param canaryService the Service selecting only canary pods; unused by {@code REPLICA_RATIO}
 * @param stableDeployment the stable Deployment whose replicas {@code REPLICA_RATIO} lowers as the canary grows
 * @param totalReplicas the stable Deployment's replicas without a canary; {@code REPLICA_RATIO} only
 */
public record RouterSpec(Kind kind, String routerObject, String stableService, String canaryService,
                         String stableDeployment, int totalReplicas) {

    /** The traffic-splitting mechanisms. */
    public enum Kind {
        /** No proxy: the Service spreads requests over stable and canary pods, so replica counts decide. */
        REPLICA_RATIO,
        /** Backend weights and header-match rules in a Gateway API {@code HTTPRoute}. */
        GATEWAY_API,
        /** Destination weights and header-match routes in an Istio {@code VirtualService}. */
        ISTIO,
        /** An ingress-nginx canary Ingress beside the primary Ingress. */
        NGINX
    }

    public RouterSpec {
        if (kind == null) {
            throw new IllegalArgumentException("kind: must be one of " + Arrays.toString(Kind.values()));
        }
        if (kind == Kind.REPLICA_RATIO) {
            RouterArguments.objectName(stableDeployment, "stableDeployment");
            if (totalReplicas < 1) {
                throw new IllegalArgumentException("totalReplicas: the stable Deployment's replicas without a canary "
                        + "must be at least 1, was " + totalReplicas);
            }
        } else {
            RouterArguments.objectName(routerObject, "routerObject (the " + objectKind(kind) + "'s name)");
            RouterArguments.serviceName(stableService, "stableService");
            RouterArguments.serviceName(canaryService, "canaryService");
            RouterArguments.distinctServices(stableService, canaryService);
        }
    }

    /** Replica ratio: the stable Deployment and its replicas without a canary. */
    public static RouterSpec replicaRatio(String stableDeployment, int totalReplicas) {
        return new RouterSpec(Kind.REPLICA_RATIO, null, null, null, stableDeployment, totalReplicas);
    }

    /** Gateway API: the user's HTTPRoute and the two Services its weighted rule lists as backendRefs. */
    public static RouterSpec gatewayApi(String httpRoute, String stableService, String canaryService) {
        return new RouterSpec(Kind.GATEWAY_API, httpRoute, stableService, canaryService, null, 0);
    }

    /** Istio: the user's VirtualService and the two Services its weighted route has as destination hosts. */
    public static RouterSpec istio(String virtualService, String stableService, String canaryService) {
        return new RouterSpec(Kind.ISTIO, virtualService, stableService, canaryService, null, 0);
    }

    /** NGINX: the user's primary Ingress (routing to the stable Service) and the canary Service. */
    public static RouterSpec nginx(String primaryIngress, String stableService, String canaryService) {
        return new RouterSpec(Kind.NGINX, primaryIngress, stableService, canaryService, null, 0);
    }

    private static String objectKind(Kind kind) {
        return switch (kind) {
            case GATEWAY_API -> "HTTPRoute";
            case ISTIO -> "VirtualService";
            case NGINX -> "primary Ingress";
            case REPLICA_RATIO -> "Deployment";
        };
    }
}
