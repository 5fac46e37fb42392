package io.jenkins.plugins.progressive.engine.traffic;

import java.util.OptionalInt;

/**
 * Splits a service's traffic between its stable and canary versions. One implementation per mechanism: replica
 * ratio (no mesh), Gateway API HTTPRoute, Istio VirtualService, NGINX canary Ingress. Every change is one write;
 * objects the router does not own are only touched in the weights and routes it manages.
 *
 * <p>Every change is idempotent down to the API: when the objects already hold its result it sends no write request at
 * all, so an engine resuming after a crash can issue the step that was in progress again.
 */
public interface TrafficRouter {

    /** For logs: e.g. {@code Gateway API HTTPRoute shop/web}. */
    String describe();

    /** Whether weights are exact (a proxy splits requests) or approximated by replica counts. */
    boolean exactWeights();

    /** Whether {@link #setHeaderRoute} works with this router. */
    boolean supportsHeaderRoutes();

    /**
     * Checks, before any write, that the objects the router needs exist and have the shape it expects.
     *
     * @throws TrafficRouterException saying what is missing and how to fix it
     */
    void verify();

    /** Sends {@code canaryPercent} (0..100) of the traffic to the canary and the rest to stable. */
    void setWeight(int canaryPercent);

    /** Sends requests matching the route to the canary whatever the weight (A/B cohorts). */
    void setHeaderRoute(HeaderRoute route);

    /** Removes every route this router added and sends 100% to stable, in as few writes as the mechanism allows. */
    void reset();

    /**
     * Whether the router's objects hold {@code canaryPercent} (0..100) right now, so that {@link #setWeight} with it
     * would leave the split as it is. Reads the cluster, never writes.
     *
     * @throws TrafficRouterException if the objects the router needs are missing or malformed, as {@link #verify} says
     */
    boolean holds(int canaryPercent);

    /**
     * The canary weight the router's objects hold right now, or empty when they hold none that one number describes.
     * Reads the cluster, never writes.
     *
     * @throws TrafficRouterException if the objects the router needs are missing or malformed, as {@link #verify} says
     */
    OptionalInt observedWeight();
}
