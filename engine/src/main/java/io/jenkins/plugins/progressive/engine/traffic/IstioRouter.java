package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.JsonMaps.list;
import static io.jenkins.plugins.progressive.engine.traffic.JsonMaps.map;
import static io.jenkins.plugins.progressive.engine.traffic.JsonMaps.string;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves traffic with the destination weights of an Istio VirtualService the user owns
 * ({@code networking.istio.io/v1beta1}). Every unmanaged {@code http[]} route whose {@code route[]} has the stable and
 * the canary Service as destination hosts (short or fully qualified) is weighted; header and cookie routes are
 * {@code http[]} entries of their own, placed before it (see {@link ManagedRules}).
 */
public final class IstioRouter implements TrafficRouter {

    static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1beta1").withKind("VirtualService")
            .withPlural("virtualservices").withNamespaced(true).build();
    private static final String HTTP = "/spec/http";

    private final KubernetesClient client;
    private final String namespace;
    private final String virtualService;
    private final BackendPair services;

    /**
     * @param virtualService the user's VirtualService
     * @param stableService the Service of the stable pods, a destination host of the weighted route
     * @param canaryService the Service of the canary pods, a destination host of the weighted route
     */
    public IstioRouter(KubernetesClient client, String namespace, String virtualService, String stableService,
                       String canaryService) {
        this.client = RouterArguments.client(client);
        this.namespace = RouterArguments.namespace(namespace);
        this.virtualService = RouterArguments.objectName(virtualService, "virtualService");
        this.services = new BackendPair(this.namespace, stableService, canaryService);
    }

    @Override
    public String describe() {
        return "Istio VirtualService " + namespace + "/" + virtualService;
    }

    @Override
    public boolean exactWeights() {
        return true;
    }

    @Override
    public boolean supportsHeaderRoutes() {
        return true;
    }

    @Override
    public void verify() {
        weighted(read());
    }

    @Override
    public void setWeight(int canaryPercent) {
        RouterArguments.percent(canaryPercent);
        write(vs -> {
            GuardedPatch patch = new GuardedPatch(vs.getMetadata().getResourceVersion());
            weighted(vs).forEach(w -> setWeights(patch, http(vs), w, 100 - canaryPercent, canaryPercent));
            return patch;
        });
    }

    @Override
    public void setHeaderRoute(HeaderRoute headerRoute) {
        HeaderPatterns.requireValid(headerRoute);
        write(vs -> {
            List<Map<String, Object>> http = http(vs);
            List<Integer> weighted = weighted(vs).stream().map(BackendPair.Weighted::rule).toList();
            GuardedPatch patch = new GuardedPatch(vs.getMetadata().getResourceVersion());
            ManagedRules.placeCopies(http, weighted,
                    entry -> ManagedRules.belongsTo(string(entry.get("name")), headerRoute.name()),
                    (i, ordinal) -> copy(http.get(i), ManagedRules.name(headerRoute.name(), ordinal), headerRoute),
                    Object::equals, HTTP, patch);
            return patch;
        });
    }

    @Override
    public void reset() {
        write(vs -> {
            GuardedPatch patch = new GuardedPatch(vs.getMetadata().getResourceVersion());
            // Weights first: their indexes are those of the version read, which the removals below would shift.
            weighted(vs).forEach(w -> setWeights(patch, http(vs), w, 100, 0));
            ManagedRules.removeAll(http(vs), entry -> ManagedRules.isManaged(string(entry.get("name"))), HTTP, patch);
            return patch;
        });
    }

    private Resource<GenericKubernetesResource> resource() {
        return client.genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(namespace).withName(virtualService);
    }

    private GenericKubernetesResource read() {
        GenericKubernetesResource vs = resource().get();
        if (vs == null) {
            throw new TrafficRouterException(describe() + " not found. The Istio router moves weights in a "
                    + "VirtualService you own: create it for your host with an http route whose destinations are "
                    + example());
        }
        return vs;
    }

    private void write(Function<GenericKubernetesResource, GuardedPatch> change) {
        GuardedPatch.retryingConflicts(describe(), () -> {
            GuardedPatch patch = change.apply(read());
            return patch.isEmpty() ? null : resource().patch(GuardedPatch.context(), patch.toJson());
        });
    }

    private List<BackendPair.Weighted> weighted(GenericKubernetesResource vs) {
        List<List<BackendPair.Ref>> refs = new ArrayList<>();
        for (Map<String, Object> entry : http(vs)) {
            refs.add(ManagedRules.isManaged(string(entry.get("name"))) ? List.of() : list(entry.get("route")).stream()
                    .map(r -> string(map(map(r).get("destination")).get("host")))
                    .map(host -> new BackendPair.Ref(serviceOf(host), host)).toList());
        }
        return services.weighted(refs, describe(), example());
    }

    private static void setWeights(GuardedPatch patch, List<Map<String, Object>> http, BackendPair.Weighted w,
                                   int stable, int canary) {
        List<?> route = list(http.get(w.rule()).get("route"));
        String at = HTTP + "/" + w.rule() + "/route/";
        if (!isNumber(map(route.get(w.stable())).get("weight"), stable)) {
            patch.add(at + w.stable() + "/weight", stable);
        }
        if (!isNumber(map(route.get(w.canary())).get("weight"), canary)) {
            patch.add(at + w.canary() + "/weight", canary);
        }
    }

    /** The weighted entry's behaviour (matches, rewrites, timeouts, retries) plus the route's match, all to the canary. */
    private Map<String, Object> copy(Map<String, Object> weighted, String name, HeaderRoute route) {
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

    private String example() {
        return "route: [{destination: {host: " + services.stable() + "}, weight: 100}, {destination: {host: "
                + services.canary() + "}, weight: 0}]";
    }

    private static List<Map<String, Object>> http(GenericKubernetesResource vs) {
        Map<String, Object> spec = map(vs.getAdditionalProperties().get("spec"));
        return list(spec.get("http")).stream().map(JsonMaps::map).toList();
    }

    private static boolean isNumber(Object value, int expected) {
        return value instanceof Number n && n.doubleValue() == expected;
    }
}
