package io.jenkins.plugins.progressive.engine.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stable and canary Services a router splits traffic between, checked once. In a user's route object it finds
 * the weighted rules, which list both, and says what is wrong when there are none, so that {@code verify()} can tell
 * the user how to set the object up.
 *
 * @param namespace the namespace of the Services
 * @param stable the stable Service
 * @param canary the canary Service
 */
record BackendPair(String namespace, String stable, String canary) {

    BackendPair {
        RouterArguments.serviceName(stable, "stableService");
        RouterArguments.serviceName(canary, "canaryService");
        RouterArguments.distinctServices(stable, canary);
    }

    /**
     * One backend of a rule.
     *
     * @param service the Service of {@code namespace} it refers to, or null if it refers to something else
     * @param shown the backend as the user wrote it, for messages
     */
    record Ref(String service, String shown) {
    }

    /** A rule with both Services: its index and the indexes of the two backends in it. */
    record Weighted(int rule, int stable, int canary) {
    }

    /**
     * @param rules the backends of each rule, in order; empty for rules the router itself added
     * @param object the object, for messages ("Istio VirtualService shop/web")
     * @param example how a weighted rule's backends look in this object, for the how-to
     * @throws TrafficRouterException if no rule has both, or a rule has both and more
     */
    List<Weighted> weighted(List<List<Ref>> rules, String object, String example) {
        List<Weighted> found = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            List<Ref> refs = rules.get(i);
            int s = indexOf(refs, stable);
            int c = indexOf(refs, canary);
            if (s >= 0 && c >= 0) {
                List<String> others = refs.stream().filter(r -> !stable.equals(r.service()) && !canary.equals(r.service()))
                        .map(Ref::shown).toList();
                if (!others.isEmpty()) {
                    throw new TrafficRouterException(object + ": rule " + i + " splits traffic between " + stable + ", "
                            + canary + " and " + others + ", which would take part of every weight; move " + others
                            + " to a rule of its own");
                }
                found.add(new Weighted(i, s, c));
            } else if (s >= 0 || c >= 0) {
                partial.add("rule " + i + " lists " + (s >= 0 ? stable : canary) + " but not "
                        + (s >= 0 ? canary : stable));
            }
        }
        if (found.isEmpty()) {
            throw new TrafficRouterException(object + " has no rule sending traffic to both " + stable + " and " + canary
                    + (partial.isEmpty() ? "" : " (" + String.join("; ", partial) + ")")
                    + ". Give the rule that serves the traffic both Services, e.g. " + example);
        }
        return found;
    }

    private static int indexOf(List<Ref> refs, String service) {
        for (int i = 0; i < refs.size(); i++) {
            if (Objects.equals(service, refs.get(i).service())) {
                return i;
            }
        }
        return -1;
    }
}
