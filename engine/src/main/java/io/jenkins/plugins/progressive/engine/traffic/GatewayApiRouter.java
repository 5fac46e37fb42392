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
import java.util.ArrayList;
import java.util.List;

/**
 * Moves traffic with the backendRef weights of an HTTPRoute the user owns (Gateway API v1; a Gateway or, for
 * service meshes, a Service as parentRef). Every unmanaged rule listing both the stable and the canary Service as
 * backendRefs (and nothing else) is weighted; header and cookie routes are rules of their own (see
 * {@link ManagedRules}), which needs rule names: Gateway API CRDs v1.4+ (standard) or v1.2+ (experimental channel).
 */
public final class GatewayApiRouter extends WeightedRulesRouter<HTTPRoute, HTTPRouteRule> {

    /** The HTTPRoute CRD allows at most 16 rules. */
    static final int MAX_RULES = 16;

    /**
     * @param httpRoute the user's HTTPRoute
     * @param stableService the Service of the stable pods, a backendRef of the weighted rule
     * @param canaryService the Service of the canary pods, a backendRef of the weighted rule
     */
    public GatewayApiRouter(KubernetesClient client, String namespace, String httpRoute, String stableService,
                            String canaryService) {
        super(client, namespace, "Gateway API HTTPRoute", c -> c.resources(HTTPRoute.class),
                RouterArguments.objectName(httpRoute, "httpRoute"), stableService, canaryService,
                new Layout("/spec/rules", "backendRefs"));
    }

    @Override
    String howToCreate() {
        return "The Gateway API router moves weights in an HTTPRoute you own: create it with your Gateway (or, in a "
                + "mesh, your Service) as parentRef and a rule with " + example();
    }

    @Override
    String example() {
        return "backendRefs: [{name: " + services.stable() + ", port: 80, weight: 100}, {name: " + services.canary()
                + ", port: 80, weight: 0}]";
    }

    @Override
    List<HTTPRouteRule> rules(HTTPRoute route) {
        return route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    }

    @Override
    String nameOf(HTTPRouteRule rule) {
        return rule.getName();
    }

    @Override
    List<BackendPair.Ref> backends(HTTPRouteRule rule) {
        return backendRefs(rule).stream().map(b -> new BackendPair.Ref(serviceOf(b),
                b.getKind() == null ? b.getName() : b.getKind() + " " + b.getName())).toList();
    }

    @Override
    Integer weight(HTTPRouteRule rule, int backend) {
        return backendRefs(rule).get(backend).getWeight();
    }

    @Override
    boolean same(HTTPRouteRule a, HTTPRouteRule b) {
        return tree(a).equals(tree(b));
    }

    @Override
    void checkRuleCount(int rules, HeaderRoute route) {
        if (rules > MAX_RULES) {
            throw new TrafficRouterException(describe() + " would need " + rules + " rules for route " + route.name()
                    + "; an HTTPRoute holds at most " + MAX_RULES);
        }
    }

    /**
     * An HTTPRoute CRD older than rule names drops them silently; the rule would then be unrecognisable and stay
     * forever, so it is taken out again at once.
     */
    @Override
    void headerRouteWritten(HTTPRoute written, List<Integer> inserted, HeaderRoute route) {
        if (rules(written).stream().anyMatch(r -> ManagedRules.belongsTo(r.getName(), route.name()))) {
            return;
        }
        GuardedPatch undo = new GuardedPatch(written.getMetadata().getResourceVersion());
        for (int i = inserted.size() - 1; i >= 0; i--) {
            undo.remove(rulePointer(inserted.get(i)));
        }
        resource().patch(GuardedPatch.context(), undo.toJson());
        throw new TrafficRouterException(describe() + ": the cluster dropped the name of the rule added for route "
                + route.name() + ", so the router could not find it again; it was removed. Rule names need Gateway API "
                + "CRDs v1.4 or later (or the experimental channel from v1.2).");
    }

    /** The weighted rule's behaviour (matches, filters, timeouts) plus the route's match, all to the canary. */
    @Override
    HTTPRouteRule copy(HTTPRouteRule weighted, String name, HeaderRoute route) {
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
