package io.jenkins.plugins.progressive.sandbox.traffic;

import static io.jenkins.plugins.progressive.sandbox.traffic.GenericFields.integer;
import static io.jenkins.plugins.progressive.sandbox.traffic.GenericFields.list;
import static io.jenkins.plugins.progressive.sandbox.traffic.GenericFields.map;
import static io.jenkins.plugins.progressive.sandbox.traffic.GenericFields.string;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Istio {@code VirtualService} routing: the first {@code http[]} entry whose {@code match} list
 * matches (any entry; within one, all of {@code headers} and {@code uri} with exact/prefix/regex)
 * sends the request to one of its {@code route[]} destinations by {@code weight}; a destination's
 * {@code subset} adds the labels of that subset in the {@code DestinationRule} for its host.
 */
final class VirtualServiceRouting {

    private VirtualServiceRouting() {
    }

    static Optional<RouteDecision> route(RoutingSnapshot snapshot, String host, TrafficRequest request,
                                         RandomGenerator random) {
        Optional<GenericKubernetesResource> applicable = snapshot.virtualServices().stream()
                .filter(vs -> list(spec(vs).get("hosts")).stream()
                        .anyMatch(h -> ServiceNames.refersTo(string(h), host, snapshot.namespace())))
                .findFirst();
        return applicable.map(vs -> decide(snapshot, vs, request, random));
    }

    private static RouteDecision decide(RoutingSnapshot snapshot, GenericKubernetesResource vs,
                                        TrafficRequest request, RandomGenerator random) {
        String name = vs.getMetadata().getName();
        List<?> http = list(spec(vs).get("http"));
        for (int i = 0; i < http.size(); i++) {
            Map<String, Object> entry = map(http.get(i));
            if (matches(list(entry.get("match")), request)) {
                return toDestination(snapshot, entry, "VirtualService " + name + " http[" + i + "]", random);
            }
        }
        return new RouteDecision.NoRoute(404, "no http route of VirtualService " + name + " matches");
    }

    /** No match list matches everything; otherwise any one match must match completely. */
    private static boolean matches(List<?> matchList, TrafficRequest request) {
        if (matchList.isEmpty()) {
            return true;
        }
        return matchList.stream().map(GenericFields::map).anyMatch(match -> {
            boolean headers = map(match.get("headers")).entrySet().stream()
                    .allMatch(h -> stringMatch(h.getValue()).map(m -> m.matches(request.header(h.getKey()).orElse(null)))
                            .orElse(false));
            boolean uri = !match.containsKey("uri")
                    || stringMatch(match.get("uri")).map(m -> m.matches(request.path())).orElse(false);
            return headers && uri;
        });
    }

    private static Optional<StringMatch> stringMatch(Object value) {
        Map<String, Object> m = map(value);
        for (StringMatch.Kind kind : StringMatch.Kind.values()) {
            String text = string(m.get(kind.name().toLowerCase(java.util.Locale.ROOT)));
            if (text != null) {
                return Optional.of(new StringMatch(kind, text));
            }
        }
        return Optional.empty();
    }

    private static RouteDecision toDestination(RoutingSnapshot snapshot, Map<String, Object> entry, String via,
                                               RandomGenerator random) {
        List<Map<String, Object>> destinations = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        List<?> routes = list(entry.get("route"));
        for (Object route : routes) {
            destinations.add(map(map(route).get("destination")));
            Integer weight = integer(map(route).get("weight"));
            // Istio: a lone destination without weight gets all traffic.
            weights.add(weight != null ? weight : routes.size() == 1 ? 100 : 0);
        }
        Optional<Map<String, Object>> chosen = WeightedChoice.pick(destinations, weights, random);
        if (chosen.isEmpty()) {
            return new RouteDecision.NoRoute(500, via + " has no destination with weight > 0");
        }
        String destinationHost = string(chosen.get().get("host"));
        Optional<String> service = ServiceNames.serviceOf(destinationHost, snapshot.namespace());
        if (service.isEmpty()) {
            return new RouteDecision.NoRoute(503, via + ": destination host '" + destinationHost
                    + "' is not a Service of namespace " + snapshot.namespace());
        }
        String subset = string(chosen.get().get("subset"));
        if (subset == null) {
            return new RouteDecision.ToService(service.get(), via);
        }
        return subsetLabels(snapshot, service.get(), subset)
                .<RouteDecision>map(labels -> new RouteDecision.ToService(service.get(), labels,
                        via + " subset " + subset))
                .orElseGet(() -> new RouteDecision.NoRoute(503, via + ": no DestinationRule for "
                        + service.get() + " defines subset " + subset));
    }

    private static Optional<Map<String, String>> subsetLabels(RoutingSnapshot snapshot, String service, String subset) {
        for (GenericKubernetesResource rule : snapshot.destinationRules()) {
            if (!ServiceNames.refersTo(string(spec(rule).get("host")), service, snapshot.namespace())) {
                continue;
            }
            for (Object candidate : list(spec(rule).get("subsets"))) {
                if (subset.equals(string(map(candidate).get("name")))) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    map(map(candidate).get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
                    return Optional.of(labels);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return map(resource.getAdditionalProperties().get("spec"));
    }
}
