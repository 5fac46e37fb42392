package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.progressive.sandbox.workload.PodEndpoint;
import io.jenkins.plugins.progressive.sandbox.workload.Workloads;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, request by request, which ready pod serves a request to Service {@code host} of a
 * namespace, the way the routing objects in the API server say (precedence: see the package doc).
 *
 * <p>Routing objects are read by {@link #refresh()} (a {@link LoadGenerator} calls it every 250 ms,
 * so a change takes effect within that); ready pods come live from {@link Workloads}.
 */
public final class TrafficResolver {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficResolver.class);

    private final KubernetesClient client;
    private final Supplier<List<PodEndpoint>> readyPods;
    private final String namespace;
    private final String host;
    private volatile RoutingSnapshot snapshot;

    /**
     * @param client    client of the API server holding the routing objects
     * @param workloads the ready pods
     * @param namespace namespace of the service
     * @param host      name of the Service requests are addressed to
     */
    public TrafficResolver(KubernetesClient client, Workloads workloads, String namespace, String host) {
        this(client, Objects.requireNonNull(workloads, "workloads must not be null")::endpoints, namespace, host);
    }

    TrafficResolver(KubernetesClient client, Supplier<List<PodEndpoint>> readyPods, String namespace, String host) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.readyPods = readyPods;
        this.namespace = Objects.requireNonNull(namespace, "namespace must not be null");
        this.host = Objects.requireNonNull(host, "host must not be null");
        this.snapshot = RoutingSnapshot.empty(namespace);
        refresh();
    }

    /**
     * Re-reads the routing objects. Call after changing one to make sure the next request sees it;
     * an API error keeps the previous view (logged), as a proxy keeps its last good config.
     * Synchronized so that a read started before a change can never overwrite a later one.
     */
    public synchronized void refresh() {
        try {
            snapshot = RoutingSnapshot.read(client, namespace);
        } catch (KubernetesClientException e) {
            LOG.warn("cannot read routing objects of namespace {}, keeping the previous ones: {}", namespace,
                    e.getMessage());
        }
    }

    /** Where one request goes now. */
    public Resolution resolve(TrafficRequest request, RandomGenerator random) {
        RoutingSnapshot current = snapshot;
        List<PodEndpoint> ready = readyPods.get();
        RouteDecision decision = decide(current, host, request, random,
                service -> !podsOf(current, ready, service, Map.of()).isEmpty());
        if (decision instanceof RouteDecision.NoRoute noRoute) {
            return new Resolution.Unroutable(noRoute.status(), noRoute.reason());
        }
        RouteDecision.ToService target = (RouteDecision.ToService) decision;
        Service service = current.services().get(target.service());
        if (service == null) {
            return new Resolution.Unroutable(503, target.via() + ": no Service " + target.service());
        }
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return new Resolution.Unroutable(503, target.via() + ": Service " + target.service() + " has no selector");
        }
        List<PodEndpoint> candidates = podsOf(current, ready, target.service(), target.subsetLabels());
        if (candidates.isEmpty()) {
            return new Resolution.Unroutable(503, target.via() + ": no ready pod for Service " + target.service()
                    + (target.subsetLabels().isEmpty() ? "" : " with " + target.subsetLabels()));
        }
        return new Resolution.Routed(candidates.get(random.nextInt(candidates.size())), target.via());
    }

    /**
     * What the routing objects decide for one request, before a pod is chosen (precedence: see the package doc).
     *
     * @param hasEndpoints whether a Service of the namespace has a ready pod now (ingress-nginx looks at it)
     */
    static RouteDecision decide(RoutingSnapshot snapshot, String host, TrafficRequest request, RandomGenerator random,
                                Predicate<String> hasEndpoints) {
        return VirtualServiceRouting.route(snapshot, host, request, random)
                .or(() -> HttpRouteRouting.route(snapshot, host, request, random))
                .or(() -> IngressCanaryRouting.route(snapshot, host, request, random, hasEndpoints))
                .orElseGet(() -> new RouteDecision.ToService(host, "Service " + host));
    }

    /** The ready pods a Service (with a selector) selects, narrowed to {@code subsetLabels}, by name. */
    static List<PodEndpoint> podsOf(RoutingSnapshot snapshot, List<PodEndpoint> ready, String serviceName,
                                    Map<String, String> subsetLabels) {
        Service service = snapshot.services().get(serviceName);
        Map<String, String> selector = service == null || service.getSpec() == null ? null
                : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return ready.stream()
                .filter(p -> p.namespace().equals(snapshot.namespace()) && p.matches(selector)
                        && p.matches(subsetLabels))
                .sorted(Comparator.comparing(PodEndpoint::name))
                .toList();
    }

    /** Where a request without headers goes now, e.g. for a demo log line. */
    public String describe() {
        Resolution resolution = resolve(new TrafficRequest("/", Map.of()), RandomGenerator.getDefault());
        return resolution instanceof Resolution.Routed routed ? routed.via()
                : ((Resolution.Unroutable) resolution).reason();
    }
}
