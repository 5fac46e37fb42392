package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.traffic.TrafficRouter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The writes that promote a healthy canary, in the one order that leaves traffic a ready pod of an allowed version at
 * every instant, whatever the router. It starts with the canary at 100% on all R of its replicas:
 * <ol>
 *   <li>the stable Service selects the canary's pods (see {@link CanaryWorkloads#serveStableFromCanary()}): no
 *       request moves, but the backend the router returns traffic to is never empty, which ingress-nginx needs even
 *       at canary-weight 100;</li>
 *   <li>the stable Deployment takes the new images and the promotion waits until it is rolled out and available,
 *       as {@code kubectl rollout status} reports it; only then does the stable Service follow the new ReplicaSet;</li>
 *   <li>the router sends every request to stable (the NGINX canary Ingress is deleted, the weights go back to
 *       100/0; the replica-ratio router scales stable back to R, of the new version, and the promotion waits until
 *       those are available too);</li>
 *   <li>after {@link #ROUTE_SETTLE}, the canary is scaled to zero (by the caller, before it records the walk as promoted). A
 *       route write takes effect in the proxies a little later (istiod pushes it, ingress-nginx syncs its backends
 *       every second); a canary scaled down at once would take the requests still routed to it along. No object
 *       tells when every proxy has the new route, so the canary stays for this grace period, as Argo Rollouts'
 *       {@code scaleDownDelaySeconds} keeps it.</li>
 * </ol>
 * A promotion that fails half-way is rolled back by {@link CanaryStage}, which pins the stable Service to stable's
 * pods again before sending traffic there.
 */
final class CanaryPromotion {

    /** How long the canary keeps its pods after the last route write, for the proxies to apply it. */
    static final Duration ROUTE_SETTLE = Duration.ofSeconds(2);

    private final RolloutContext context;
    private final CanaryWorkloads workloads;
    private final TrafficRouter router;

    CanaryPromotion(RolloutContext context, CanaryWorkloads workloads, TrafficRouter router) {
        this.context = context;
        this.workloads = workloads;
        this.router = router;
    }

    /**
     * Runs steps 1-3 with the canary at 100%, then waits {@link #ROUTE_SETTLE}; completes with the stable Deployment
     * as it was once available.
     */
    CompletableFuture<Deployment> run() {
        if (!workloads.promotionBegun()) {
            // Only before stable's images change: a resumed promotion past that point has the stable Service on the
            // new stable pods already, or about to be, and must not send it back to the canary's.
            workloads.serveStableFromCanary();
        }
        return workloads.promoteStable().thenComposeAsync(ignored -> {
            router.reset();
            return workloads.awaitStableAvailable();
        }, context.scheduler()).thenCompose(promoted -> {
            CompletableFuture<Deployment> settled = new CompletableFuture<>();
            context.scheduler().schedule(() -> settled.complete(promoted), ROUTE_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
            return settled;
        });
    }
}
