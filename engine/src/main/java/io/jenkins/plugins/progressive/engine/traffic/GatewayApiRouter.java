package io.jenkins.plugins.progressive.engine.traffic;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Moves traffic with the backendRef weights of an HTTPRoute the user owns (Gateway API v1; a Gateway or, for
 * service meshes, a Service as parentRef). Every unmanaged rule listing both the stable and the canary Service as
 * backendRefs (and nothing else) is weighted; header and cookie routes are rules of their own (see
 * {@link ManagedRules}), which needs rule names: Gateway API CRDs v1.4+ (standard) or v1.2+ (experimental channel).
 */
public final class GatewayApiRouter implements TrafficRouter {

    /** The HTTPRoute CRD allows at most 16 rules. */
    static final int MAX_RULES = 16;
    private static final String RULES = "/spec/rules";

    private final KubernetesClient client;
    private final String namespace;
    private final String httpRoute;
    private final BackendPair services;

    /**
     * @param httpRoute the user's HTTPRoute
     * @param stableService the Service of the stable pods, a backendRef of the weighted rule
     * @param canaryService the Service of the canary pods, a backendRef of the weighted rule
     */
    public GatewayApiRouter(KubernetesClient client, String namespace, String httpRoute, String stableService,
                            String canaryService) {
        this.client = RouterArguments.client(client);
        this.namespace = RouterArguments.namespace(namespace);
        this.httpRoute = RouterArguments.objectName(httpRoute, "httpRoute");
        this.services = new BackendPair(this.namespace, stableService, canaryService);
    }

    @Override
    public String describe() {
        return "Gateway API HTTPRoute " + namespace + "/" + httpRoute;
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
        write(route -> {
            GuardedPatch patch = new GuardedPatch(route.getMetadata().getResourceVersion());
            weighted(route).forEach(w -> setWeights(patch, rules(route), w, 100 - canaryPercent, canaryPercent));
            return patch;
        });
    }

    @Override
    public void setHeaderRoute(HeaderRoute headerRoute) {
        HeaderPatterns.requireValid(headerRoute);
        List<Integer> inserted = new ArrayList<>();
        HTTPRoute written = write(route -> {
            List<HTTPRouteRule> rules = rules(route);
            List<Integer> weighted = weighted(route).stream().map(BackendPair.Weighted::rule).toList();
            GuardedPatch patch = new GuardedPatch(route.getMetadata().getResourceVersion());
            List<HTTPRouteRule> result = ManagedRules.placeCopies(rules, weighted,
                    r -> ManagedRules.belongsTo(r.getName(), headerRoute.name()),
                    (i, ordinal) -> copy(rules.get(i), ManagedRules.name(headerRoute.name(), ordinal), headerRoute),
                    (a, b) -> tree(a).equals(tree(b)), RULES, patch);
            if (!patch.isEmpty() && result.size() > MAX_RULES) {
                throw new TrafficRouterException(describe() + " would need " + result.size() + " rules for route "
                        + headerRoute.name() + "; an HTTPRoute holds at most " + MAX_RULES);
            }
            inserted.clear();
            for (int k = 0; k < weighted.size(); k++) {
                inserted.add(weighted.get(k) + k); // where copy k lands: k copies were inserted before it
            }
            return patch;
        });
        if (written != null
                && rules(written).stream().noneMatch(r -> ManagedRules.belongsTo(r.getName(), headerRoute.name()))) {
            undoUnnamedRules(written, inserted, headerRoute);
        }
    }

    @Override
    public void reset() {
        write(route -> {
            GuardedPatch patch = new GuardedPatch(route.getMetadata().getResourceVersion());
            // Weights first: their indexes are those of the version read, which the removals below would shift.
            weighted(route).forEach(w -> setWeights(patch, rules(route), w, 100, 0));
            ManagedRules.removeAll(rules(route), r -> ManagedRules.isManaged(r.getName()), RULES, patch);
            return patch;
        });
    }

    private Resource<HTTPRoute> resource() {
        return client.resources(HTTPRoute.class).inNamespace(namespace).withName(httpRoute);
    }

    private HTTPRoute read() {
        HTTPRoute route = resource().get();
        if (route == null) {
            throw new TrafficRouterException(describe() + " not found. The Gateway API router moves weights in an "
                    + "HTTPRoute you own: create it with your Gateway (or, in a mesh, your Service) as parentRef and a "
                    + "rule with " + example());
        }
        return route;
    }

    /** The patched route, or null when nothing had to change. */
    private HTTPRoute write(Function<HTTPRoute, GuardedPatch> change) {
        return GuardedPatch.retryingConflicts(describe(), () -> {
            GuardedPatch patch = change.apply(read());
            return patch.isEmpty() ? null : resource().patch(GuardedPatch.context(), patch.toJson());
        });
    }

    private List<BackendPair.Weighted> weighted(HTTPRoute route) {
        List<List<BackendPair.Ref>> refs = new ArrayList<>();
        for (HTTPRouteRule rule : rules(route)) {
            refs.add(ManagedRules.isManaged(rule.getName()) ? List.of() : backendRefs(rule).stream()
                    .map(b -> new BackendPair.Ref(serviceOf(b), b.getKind() == null ? b.getName() : b.getKind() + " "
                            + b.getName()))
                    .toList());
        }
        return services.weighted(refs, describe(), example());
    }

    private static void setWeights(GuardedPatch patch, List<HTTPRouteRule> rules, BackendPair.Weighted w, int stable,
                                   int canary) {
        List<HTTPBackendRef> refs = backendRefs(rules.get(w.rule()));
        String at = RULES + "/" + w.rule() + "/backendRefs/";
        if (!Integer.valueOf(stable).equals(refs.get(w.stable()).getWeight())) {
            patch.add(at + w.stable() + "/weight", stable);
        }
        if (!Integer.valueOf(canary).equals(refs.get(w.canary()).getWeight())) {
            patch.add(at + w.canary() + "/weight", canary);
        }
    }

    /** The weighted rule's behaviour (matches, filters, timeouts) plus the route's match, all to the canary. */
    private HTTPRouteRule copy(HTTPRouteRule weighted, String name, HeaderRoute route) {
        HTTPBackendRef canary = backendRefs(weighted).stream().filter(b -> services.canary().equals(serviceOf(b)))
                .findFirst().orElseThrow();
        List<HTTPRouteMatch> matches = weighted.getMatches() == null || weighted.getMatches().isEmpty()
                ? List.of(new HTTPRouteMatch()) : weighted.getMatches();
        HTTPHeaderMatch header = headerMatch(route);
        return new HTTPRouteRuleBuilder(weighted).withName(name)
                .withMatches(matches.stream().map(m -> withHeader(m, header)).toList())
                .withBackendRefs(new HTTPBackendRefBuilder(canary).withWeight(100).build()).build();
    }

    private static HTTPRouteMatch withHeader(HTTPRouteMatch match, HTTPHeaderMatch header) {
        // Only the first match of a header name counts, so ours replaces any the user's rule has for it.
        List<HTTPHeaderMatch> headers = new ArrayList<>(match.getHeaders() == null ? List.of() : match.getHeaders());
        headers.removeIf(h -> h.getName() != null && h.getName().equalsIgnoreCase(header.getName()));
        headers.add(header);
        return new HTTPRouteMatchBuilder(match).withHeaders(headers).build();
    }

    private static HTTPHeaderMatch headerMatch(HeaderRoute route) {
        if (route.cookie()) {
            return new HTTPHeaderMatch("Cookie", "RegularExpression", HeaderPatterns.cookie(route.key(), route.value()));
        }
        return switch (route.match()) {
            case EXACT -> new HTTPHeaderMatch(route.key(), "Exact", route.value());
            case PREFIX -> new HTTPHeaderMatch(route.key(), "RegularExpression", HeaderPatterns.prefix(route.value()));
            case REGEX -> new HTTPHeaderMatch(route.key(), "RegularExpression", HeaderPatterns.whole(route.value()));
        };
    }

    /**
     * An HTTPRoute CRD older than rule names drops them silently; the rule would then be unrecognisable and stay
     * forever, so it is taken out again at once.
     */
    private void undoUnnamedRules(HTTPRoute written, List<Integer> inserted, HeaderRoute route) {
        GuardedPatch undo = new GuardedPatch(written.getMetadata().getResourceVersion());
        for (int i = inserted.size() - 1; i >= 0; i--) {
            undo.remove(RULES + "/" + inserted.get(i));
        }
        resource().patch(GuardedPatch.context(), undo.toJson());
        throw new TrafficRouterException(describe() + ": the cluster dropped the name of the rule added for route "
                + route.name() + ", so the router could not find it again; it was removed. Rule names need Gateway API "
                + "CRDs v1.4 or later (or the experimental channel from v1.2).");
    }

    private String example() {
        return "backendRefs: [{name: " + services.stable() + ", port: 80, weight: 100}, {name: " + services.canary()
                + ", port: 80, weight: 0}]";
    }

    private static List<HTTPRouteRule> rules(HTTPRoute route) {
        return route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    }

    private static List<HTTPBackendRef> backendRefs(HTTPRouteRule rule) {
        return rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
    }

    /** The Service of our namespace a backendRef refers to, or null (another kind, another namespace). */
    private String serviceOf(HTTPBackendRef ref) {
        boolean coreGroup = ref.getGroup() == null || ref.getGroup().isEmpty() || "core".equals(ref.getGroup());
        boolean service = coreGroup && (ref.getKind() == null || "Service".equals(ref.getKind()));
        boolean here = ref.getNamespace() == null || namespace.equals(ref.getNamespace());
        return service && here ? ref.getName() : null;
    }

    /** As plain maps and lists: a copy built with a builder and the same rule read from JSON differ in null vs empty lists. */
    private Object tree(HTTPRouteRule rule) {
        return client.getKubernetesSerialization().convertValue(rule, Object.class);
    }
}
