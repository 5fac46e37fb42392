package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.JsonMaps.list;
import static io.jenkins.plugins.progressive.engine.traffic.JsonMaps.map;
import static io.jenkins.plugins.progressive.engine.traffic.JsonMaps.string;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Moves traffic with the destination weights of an Istio VirtualService the user owns
 * ({@code networking.istio.io/v1beta1}). Every unmanaged {@code http[]} route whose {@code route[]} has the stable and
 * the canary Service as destination hosts (short or fully qualified) is weighted; header and cookie routes are
 * {@code http[]} entries of their own, placed before it (see {@link ManagedRules}).
 */
public final class IstioRouter extends WeightedRulesRouter<GenericKubernetesResource, Map<String, Object>> {

    static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1beta1").withKind("VirtualService")
            .withPlural("virtualservices").withNamespaced(true).build();

    /**
     * @param virtualService the user's VirtualService
     * @param stableService the Service of the stable pods, a destination host of the weighted route
     * @param canaryService the Service of the canary pods, a destination host of the weighted route
     */
    public IstioRouter(KubernetesClient client, String namespace, String virtualService, String stableService,
                       String canaryService) {
        super(client, namespace, "Istio VirtualService", c -> c.genericKubernetesResources(VIRTUAL_SERVICE),
                RouterArguments.objectName(virtualService, "virtualService"), stableService, canaryService,
                new Layout("/spec/http", "route"));
    }

    @Override
    String howToCreate() {
        return "The Istio router moves weights in a VirtualService you own: create it for your host with an http route "
                + "whose destinations are " + example();
    }

    @Override
    String example() {
        return "route: [{destination: {host: " + services.stable() + "}, weight: 100}, {destination: {host: "
                + services.canary() + "}, weight: 0}]";
    }

    @Override
    List<Map<String, Object>> rules(GenericKubernetesResource vs) {
        Map<String, Object> spec = map(vs.getAdditionalProperties().get("spec"));
        return list(spec.get("http")).stream().map(JsonMaps::map).toList();
    }

    @Override
    String nameOf(Map<String, Object> entry) {
        return string(entry.get("name"));
    }

    @Override
    List<BackendPair.Ref> backends(Map<String, Object> entry) {
        return list(entry.get("route")).stream().map(r -> string(map(map(r).get("destination")).get("host")))
                .map(host -> new BackendPair.Ref(serviceOf(host), host)).toList();
    }

    /** JSON numbers may read back as any Number; a weight is a whole one. */
    @Override
    Integer weight(Map<String, Object> entry, int backend) {
        Object weight = map(list(entry.get("route")).get(backend)).get("weight");
        return weight instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue() : null;
    }

    @Override
    boolean same(Map<String, Object> a, Map<String, Object> b) {
        return a.equals(b);
    }

    /** The weighted entry's behaviour (matches, rewrites, timeouts, retries) plus the route's match, all to the canary. */
    @Override
    Map<String, Object> copy(Map<String, Object> weighted, String name, HeaderRoute route) {
        Map<String, Object> copy = JsonMaps.copyOf(weighted);
        Object canaryDestination = list(weighted.get("route")).stream().map(r -> map(map(r).get("destination")))
                .filter(d -> services.canary().equals(serviceOf(string(d.get("host"))))).findFirst().orElseThrow();
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("destination", JsonMaps.copy(canaryDestination));
        destination.put("weight", 100);
        List<?> matches = list(weighted.get("match")).isEmpty() ? List.of(Map.of()) : list(weighted.get("match"));
        List<Object> withHeader = new ArrayList<>();
        for (Object match : matches) {
            Map<String, Object> m = JsonMaps.copyOf(map(match));
            Map<String, Object> headers = JsonMaps.copyOf(map(m.get("headers")));
            headers.put(headerName(route), headerMatch(route));
            m.put("headers", headers);
            withHeader.add(m);
        }
        copy.put("name", name);
        copy.put("match", withHeader);
        copy.put("route", List.of(destination));
        return copy;
    }

    /** Istio matches header names in lower case only. */
    private static String headerName(HeaderRoute route) {
        return route.cookie() ? "cookie" : route.key().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> headerMatch(HeaderRoute route) {
        if (route.cookie()) {
            return Map.of("regex", HeaderPatterns.cookie(route.key(), route.value()));
        }
        return Map.of(route.match().name().toLowerCase(Locale.ROOT), route.value());
    }

    /** The Service of our namespace a destination host names: {@code s}, {@code s.ns}, {@code s.ns.svc[.cluster.local]}. */
    private String serviceOf(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        for (String suffix : new String[] {"", "." + namespace, "." + namespace + ".svc",
                "." + namespace + ".svc.cluster.local"}) {
            if (host.endsWith(suffix) && !host.substring(0, host.length() - suffix.length()).contains(".")) {
                return host.substring(0, host.length() - suffix.length());
            }
        }
        return null;
    }
}
