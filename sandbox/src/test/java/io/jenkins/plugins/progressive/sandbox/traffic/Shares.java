package io.jenkins.plugins.progressive.sandbox.traffic;

import io.jenkins.plugins.progressive.sandbox.workload.PodEndpoint;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Resolves many requests without sending them, to check splits exactly and fast. */
final class Shares {

    private Shares() {
    }

    /** Share of {@code n} requests per version; unroutable ones as "status:<code>". */
    static Map<String, Double> of(TrafficResolver resolver, TrafficRequest request, int n) {
        Random random = new Random(42);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Resolution resolution = resolver.resolve(request, random);
            String key = resolution instanceof Resolution.Routed routed ? routed.pod().version()
                    : "status:" + ((Resolution.Unroutable) resolution).status();
            counts.merge(key, 1, Integer::sum);
        }
        Map<String, Double> shares = new TreeMap<>();
        counts.forEach((k, v) -> shares.put(k, v / (double) n));
        return shares;
    }

    static TrafficRequest plain() {
        return new TrafficRequest("/", Map.of());
    }

    static TrafficRequest withHeader(String name, String value) {
        return new TrafficRequest("/", Map.of(name, value));
    }

    static TrafficRequest withCookie(String name, String value) {
        return TrafficRequest.of("/", Map.of(), Map.of(name, value));
    }

    /** A ready pod that is never called: resolution only looks at its labels. */
    static PodEndpoint pod(String namespace, String name, String app, String version) {
        return new PodEndpoint(namespace, name, app, version, Map.of("app", app, "version", version),
                URI.create("http://127.0.0.1:9/"));
    }

    static List<PodEndpoint> pods(PodEndpoint... pods) {
        return List.of(pods);
    }
}
