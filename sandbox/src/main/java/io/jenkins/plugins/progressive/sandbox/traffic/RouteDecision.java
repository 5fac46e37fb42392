package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.Map;

/** What a routing object decides for one request, before pods are chosen. */
sealed interface RouteDecision {

    /** Send to the ready pods of {@code service} that also carry {@code subsetLabels}. */
    record ToService(String service, Map<String, String> subsetLabels, String via) implements RouteDecision {
        ToService(String service, String via) {
            this(service, Map.of(), via);
        }
    }

    /** No backend: answer {@code status}. */
    record NoRoute(int status, String reason) implements RouteDecision {
    }
}
