package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Gateway API {@code HTTPRoute} routing. A route fronts Service S when a {@code parentRef} is the
 * Service S (GAMMA), a {@code hostname} names S, or a {@code backendRef} is S. Among the rules of all
 * routes that front S, the most specific matching one wins, in the order of the Gateway API spec:
 * exact path, longest path prefix, method, most header matches; then the oldest route and the
 * first rule. Its {@code backendRefs} split the traffic by {@code weight} (default 1).
 *
 * <p>Header matches support {@code Exact} (default) and {@code RegularExpression} (whole value); a
 * cookie is matched as the {@code Cookie} header. Query-parameter matches are not simulated.
 */
final class HttpRouteRouting {

    private static final HTTPRouteMatch MATCH_ALL = new HTTPRouteMatch();

    private HttpRouteRouting() {
    }

    static Optional<RouteDecision> route(RoutingSnapshot snapshot, String host, TrafficRequest request,
                                         RandomGenerator random) {
        List<HTTPRoute> routes = snapshot.httpRoutes().stream()
                .filter(r -> fronts(r, host, snapshot.namespace())).toList();
        if (routes.isEmpty()) {
            return Optional.empty();
        }
        Candidate best = null;
        for (HTTPRoute route : routes) {
            List<HTTPRouteRule> rules = route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
            for (int i = 0; i < rules.size(); i++) {
                List<HTTPRouteMatch> matches = rules.get(i).getMatches() == null || rules.get(i).getMatches().isEmpty()
                        ? List.of(MATCH_ALL) : rules.get(i).getMatches();
                for (HTTPRouteMatch match : matches) {
                    if (matches(match, request)) {
                        Candidate candidate = new Candidate(rules.get(i), specificity(match),
                                "HTTPRoute " + route.getMetadata().getName() + " rule " + i);
                        // Strictly more specific only: ties go to the older route, the earlier rule.
                        if (best == null || Specificity.ORDER.compare(candidate.specificity(), best.specificity()) > 0) {
                            best = candidate;
                        }
                    }
                }
            }
        }
        if (best == null) {
            return Optional.of(new RouteDecision.NoRoute(404, "no HTTPRoute rule for " + host + " matches"));
        }
        return Optional.of(toBackend(best, snapshot.namespace(), random));
    }

    static boolean fronts(HTTPRoute route, String host, String namespace) {
        if (route.getSpec() == null) {
            return false;
        }
        boolean parent = route.getSpec().getParentRefs() != null && route.getSpec().getParentRefs().stream()
                .anyMatch(p -> "Service".equals(p.getKind()) && isCoreGroup(p.getGroup()) && host.equals(p.getName())
                        && (p.getNamespace() == null || namespace.equals(p.getNamespace())));
        boolean hostname = route.getSpec().getHostnames() != null && route.getSpec().getHostnames().stream()
                .anyMatch(h -> ServiceNames.refersTo(h, host, namespace));
        boolean backend = route.getSpec().getRules() != null && route.getSpec().getRules().stream()
                .filter(r -> r.getBackendRefs() != null).flatMap(r -> r.getBackendRefs().stream())
                .anyMatch(b -> isServiceRef(b) && host.equals(b.getName()));
        return parent || hostname || backend;
    }

    private static boolean matches(HTTPRouteMatch match, TrafficRequest request) {
        if (match.getMethod() != null && !"GET".equals(match.getMethod())) {
            return false;
        }
        if (!pathMatch(match.getPath()).matches(request.path())) {
            return false;
        }
        List<HTTPHeaderMatch> headers = match.getHeaders() == null ? List.of() : match.getHeaders();
        return headers.stream().allMatch(h -> headerMatch(h).matches(request.header(h.getName()).orElse(null)));
    }

    private static PathMatcher pathMatch(HTTPPathMatch path) {
        String type = path == null || path.getType() == null ? "PathPrefix" : path.getType();
        String value = path == null || path.getValue() == null ? "/" : path.getValue();
        return switch (type) {
            case "Exact" -> value::equals;
            case "RegularExpression" -> candidate -> new StringMatch(StringMatch.Kind.REGEX, value).matches(candidate);
            default -> candidate -> isPathPrefix(value, candidate);
        };
    }

    /** PathPrefix matches whole path elements: /foo matches /foo and /foo/bar, not /foobar. */
    private static boolean isPathPrefix(String prefix, String path) {
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return trimmed.isEmpty() || path.equals(trimmed) || path.startsWith(trimmed + "/");
    }

    private static StringMatch headerMatch(HTTPHeaderMatch header) {
        return new StringMatch("RegularExpression".equals(header.getType()) ? StringMatch.Kind.REGEX
                : StringMatch.Kind.EXACT, header.getValue());
    }

    private static Specificity specificity(HTTPRouteMatch match) {
        HTTPPathMatch path = match.getPath();
        boolean exact = path != null && "Exact".equals(path.getType());
        int prefixLength = path == null || path.getValue() == null ? 1 : path.getValue().length();
        return new Specificity(exact, prefixLength, match.getMethod() != null,
                match.getHeaders() == null ? 0 : match.getHeaders().size());
    }

    private static RouteDecision toBackend(Candidate candidate, String namespace, RandomGenerator random) {
        List<HTTPBackendRef> refs = candidate.rule().getBackendRefs() == null ? List.of()
                : candidate.rule().getBackendRefs();
        List<Integer> weights = refs.stream().map(r -> r.getWeight() == null ? 1 : r.getWeight()).toList();
        Optional<HTTPBackendRef> chosen = WeightedChoice.pick(refs, weights, random);
        if (chosen.isEmpty()) {
            return new RouteDecision.NoRoute(500, candidate.via() + " has no backendRef with weight > 0");
        }
        HTTPBackendRef ref = chosen.get();
        // Gateway API: an invalid backendRef gets its share of traffic answered with 500.
        if (!isServiceRef(ref) || (ref.getNamespace() != null && !namespace.equals(ref.getNamespace()))) {
            return new RouteDecision.NoRoute(500, candidate.via() + ": backendRef " + ref.getName()
                    + " is not a Service of namespace " + namespace);
        }
        return new RouteDecision.ToService(ref.getName(), candidate.via());
    }

    private static boolean isServiceRef(HTTPBackendRef ref) {
        return (ref.getKind() == null || "Service".equals(ref.getKind())) && isCoreGroup(ref.getGroup());
    }

    private static boolean isCoreGroup(String group) {
        return group == null || group.isEmpty() || "core".equals(group);
    }

    @FunctionalInterface
    private interface PathMatcher {
        boolean matches(String path);
    }

    private record Candidate(HTTPRouteRule rule, Specificity specificity, String via) {
        Candidate {
            Objects.requireNonNull(rule);
        }
    }

    private record Specificity(boolean exactPath, int pathLength, boolean method, int headers) {
        static final Comparator<Specificity> ORDER = Comparator.comparing(Specificity::exactPath)
                .thenComparingInt(Specificity::pathLength).thenComparing(Specificity::method)
                .thenComparingInt(Specificity::headers);
    }
}
