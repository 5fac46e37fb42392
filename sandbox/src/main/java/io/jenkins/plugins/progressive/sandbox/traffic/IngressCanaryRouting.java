package io.jenkins.plugins.progressive.sandbox.traffic;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * NGINX Ingress routing with canary annotations. The primary (non-canary) Ingress fronts Service S
 * when a rule host names S or a rule's backend is S; a canary Ingress
 * ({@code nginx.ingress.kubernetes.io/canary: "true"}) with a rule for the same host diverts
 * requests to its own backend, in ingress-nginx's order: {@code canary-by-header}
 * ({@code -value}/{@code -pattern}, else "always"/"never"), then {@code canary-by-cookie}
 * ("always"/"never"), then {@code canary-weight} out of {@code canary-weight-total} (default 100, and only a
 * total above 100 counts).
 *
 * <p>Backends are taken as ingress-nginx's Lua balancer takes them ({@code balancer.lua}): a backend whose Service has
 * no ready endpoint has no balancer. Without a balancer for the primary backend the location answers 503 for every
 * request, whatever the canary's weight; without one for the canary backend every request stays on the primary.
 */
final class IngressCanaryRouting {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";

    private IngressCanaryRouting() {
    }

    /** @param hasEndpoints whether a Service of the namespace has a ready endpoint now */
    static Optional<RouteDecision> route(RoutingSnapshot snapshot, String host, TrafficRequest request,
                                         RandomGenerator random, Predicate<String> hasEndpoints) {
        for (Ingress primary : snapshot.ingresses()) {
            if (isCanary(primary)) {
                continue;
            }
            Optional<IngressRule> rule = rules(primary).stream().filter(r -> fronts(r, host, snapshot.namespace()))
                    .findFirst();
            if (rule.isPresent()) {
                return Optional.of(decide(snapshot, primary, rule.get(), request, random, hasEndpoints));
            }
        }
        return Optional.empty();
    }

    private static RouteDecision decide(RoutingSnapshot snapshot, Ingress primary, IngressRule rule,
                                        TrafficRequest request, RandomGenerator random,
                                        Predicate<String> hasEndpoints) {
        String primaryName = primary.getMetadata().getName();
        Optional<String> primaryBackend = backendFor(rule, request.path());
        if (primaryBackend.isEmpty()) {
            return new RouteDecision.NoRoute(404, "Ingress " + primaryName + " has no path for " + request.path());
        }
        if (!hasEndpoints.test(primaryBackend.get())) {
            // balancer.lua: get_balancer() finds no balancer for the primary and rewrite() answers 503 before the
            // canary is even looked at.
            return new RouteDecision.NoRoute(503, "Ingress " + primaryName + ": Service " + primaryBackend.get()
                    + " has no ready endpoint, so ingress-nginx answers 503 whatever the canary's weight");
        }
        for (Ingress canary : snapshot.ingresses()) {
            if (!isCanary(canary)) {
                continue;
            }
            Optional<String> canaryBackend = rules(canary).stream()
                    .filter(r -> Objects.equals(r.getHost(), rule.getHost()))
                    .map(r -> backendFor(r, request.path())).flatMap(Optional::stream).findFirst();
            if (canaryBackend.isPresent()) {
                // balancer.lua: no balancer for the alternative backend, so the request stays on the primary.
                return hasEndpoints.test(canaryBackend.get()) && divertsToCanary(annotations(canary), request, random)
                        ? new RouteDecision.ToService(canaryBackend.get(), "Ingress " + canary.getMetadata().getName()
                                + " (canary)")
                        : new RouteDecision.ToService(primaryBackend.get(), "Ingress " + primaryName);
            }
        }
        return new RouteDecision.ToService(primaryBackend.get(), "Ingress " + primaryName);
    }

    static boolean divertsToCanary(Map<String, String> annotations, TrafficRequest request, RandomGenerator random) {
        String header = annotations.get(PREFIX + "canary-by-header");
        if (header != null) {
            String value = request.header(header).orElse(null);
            String wanted = annotations.get(PREFIX + "canary-by-header-value");
            String pattern = annotations.get(PREFIX + "canary-by-header-pattern");
            if (wanted != null) {
                if (wanted.equals(value)) {
                    return true;
                }
            } else if (pattern != null) {
                if (value != null && find(pattern, value)) {
                    return true;
                }
            } else if ("always".equals(value)) {
                return true;
            } else if ("never".equals(value)) {
                return false;
            }
            // Any other value: ingress-nginx ignores the header and goes on to the cookie and weight.
        }
        String cookie = annotations.get(PREFIX + "canary-by-cookie");
        if (cookie != null) {
            String value = request.cookie(cookie).orElse(null);
            if ("always".equals(value)) {
                return true;
            }
            if ("never".equals(value)) {
                return false;
            }
        }
        int weight = number(annotations.get(PREFIX + "canary-weight"), 0);
        // balancer.lua uses canary-weight-total only when it is above 100.
        int total = Math.max(100, number(annotations.get(PREFIX + "canary-weight-total"), 100));
        return total > 0 && weight > 0 && random.nextInt(total) < weight;
    }

    private static boolean fronts(IngressRule rule, String host, String namespace) {
        return ServiceNames.refersTo(rule.getHost(), host, namespace) || paths(rule).stream()
                .anyMatch(p -> host.equals(serviceName(p.getBackend())));
    }

    /** The backend of the longest matching path, as ingress-nginx orders locations. */
    private static Optional<String> backendFor(IngressRule rule, String requestPath) {
        return paths(rule).stream()
                .filter(p -> pathMatches(p, requestPath))
                .max(Comparator.comparingInt(p -> p.getPath() == null ? 0 : p.getPath().length()))
                .map(p -> serviceName(p.getBackend()))
                .filter(Objects::nonNull);
    }

    private static boolean pathMatches(HTTPIngressPath path, String requestPath) {
        String value = path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath();
        if ("Exact".equals(path.getPathType())) {
            return value.equals(requestPath);
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return trimmed.isEmpty() || requestPath.equals(trimmed) || requestPath.startsWith(trimmed + "/");
    }

    private static String serviceName(IngressBackend backend) {
        return backend == null || backend.getService() == null ? null : backend.getService().getName();
    }

    private static List<IngressRule> rules(Ingress ingress) {
        return ingress.getSpec() == null || ingress.getSpec().getRules() == null ? List.of()
                : ingress.getSpec().getRules();
    }

    private static List<HTTPIngressPath> paths(IngressRule rule) {
        return rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of() : rule.getHttp().getPaths();
    }

    private static boolean isCanary(Ingress ingress) {
        return "true".equals(annotations(ingress).get(PREFIX + "canary"));
    }

    private static Map<String, String> annotations(Ingress ingress) {
        return ingress.getMetadata().getAnnotations() == null ? Map.of() : ingress.getMetadata().getAnnotations();
    }

    /** Unparsable numbers count as the default, as ingress-nginx ignores an invalid annotation. */
    private static int number(String value, int fallback) {
        Integer parsed = GenericFields.integer(value);
        return parsed == null ? fallback : parsed;
    }

    private static boolean find(String regex, String value) {
        try {
            return Pattern.compile(regex).matcher(value).find();
        } catch (PatternSyntaxException invalid) {
            return false;
        }
    }
}
