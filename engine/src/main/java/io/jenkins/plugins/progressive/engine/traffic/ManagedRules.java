package io.jenkins.plugins.progressive.engine.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * How the Gateway API and Istio routers find the rules they added to a user's HTTPRoute or VirtualService: by the
 * rule's {@code name}, {@value #PREFIX}{@code <route>} for the copy in front of the first weighted rule and
 * {@value #PREFIX}{@code <route>.<n>} in front of the n-th further one. A {@link HeaderRoute} name is a DNS label
 * (no '.'), so a name reads back unambiguously, and nothing else has to be stored on the object.
 *
 * <p>A header route is a copy of the weighted rule it shadows (same path matches, filters, timeouts, retries) plus
 * the header match, sending everything to the canary, placed right before that rule, so a proxy that takes the first
 * matching rule (Istio) sees it first, and one that takes the most specific (Gateway API) prefers it for its extra
 * header match.
 */
final class ManagedRules {

    static final String PREFIX = "progressive-delivery.";

    private ManagedRules() {
    }

    static String name(String route, int ordinal) {
        return ordinal == 0 ? PREFIX + route : PREFIX + route + "." + ordinal;
    }

    static boolean isManaged(String ruleName) {
        return ruleName != null && ruleName.startsWith(PREFIX);
    }

    static boolean belongsTo(String ruleName, String route) {
        if (!isManaged(ruleName)) {
            return false;
        }
        String rest = ruleName.substring(PREFIX.length());
        return rest.equals(route) || rest.startsWith(route + ".");
    }

    /**
     * Drops the items {@code stale} selects and inserts {@code copyOf(index, ordinal)} right before each weighted item.
     * Walks from the end, so every operation only shifts indexes already handled and the patch addresses exactly the
     * elements of the version read. Adds nothing to the patch when the copies are already there, each before its
     * weighted rule and after the previous one: setting a route again must not write (nor reorder routes).
     *
     * @param weighted indexes of the weighted rules, ascending
     * @param same whether two items are equal as the API server would store them
     * @return the list the patch produces
     */
    static <T> List<T> placeCopies(List<T> items, List<Integer> weighted, Predicate<T> stale,
                                   BiFunction<Integer, Integer, T> copyOf, BiPredicate<T, T> same, String pointer,
                                   GuardedPatch patch) {
        if (inPlace(items, weighted, stale, copyOf, same)) {
            return items;
        }
        List<T> result = new ArrayList<>(items);
        for (int i = items.size() - 1; i >= 0; i--) {
            int ordinal = weighted.indexOf(i);
            if (ordinal >= 0) {
                T copy = copyOf.apply(i, ordinal);
                result.add(i, copy);
                patch.add(pointer + "/" + i, copy);
            } else if (stale.test(items.get(i))) {
                result.remove(i);
                patch.remove(pointer + "/" + i);
            }
        }
        return result;
    }

    private static <T> boolean inPlace(List<T> items, List<Integer> weighted, Predicate<T> stale,
                                       BiFunction<Integer, Integer, T> copyOf, BiPredicate<T, T> same) {
        List<Integer> existing = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (stale.test(items.get(i))) {
                existing.add(i);
            }
        }
        if (existing.size() != weighted.size()) {
            return false;
        }
        for (int k = 0; k < existing.size(); k++) {
            int at = existing.get(k);
            boolean placed = at < weighted.get(k) && (k == 0 || at > weighted.get(k - 1));
            if (!placed || !same.test(items.get(at), copyOf.apply(weighted.get(k), k))) {
                return false;
            }
        }
        return true;
    }

    /** Removes every item {@code managed} selects, from the end so earlier indexes stay valid. */
    static <T> void removeAll(List<T> items, Predicate<T> managed, String pointer, GuardedPatch patch) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (managed.test(items.get(i))) {
                patch.remove(pointer + "/" + i);
            }
        }
    }
}
