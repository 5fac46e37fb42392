package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Picks one of several options in proportion to integer weights, as Envoy's weighted clusters do. */
final class WeightedChoice {

    private WeightedChoice() {
    }

    /** Empty when no weight is positive. Negative weights count as 0. */
    static <T> Optional<T> pick(List<T> options, List<Integer> weights, RandomGenerator random) {
        long total = weights.stream().mapToLong(w -> Math.max(0, w)).sum();
        if (total <= 0) {
            return Optional.empty();
        }
        long ticket = random.nextLong(total);
        for (int i = 0; i < options.size(); i++) {
            ticket -= Math.max(0, weights.get(i));
            if (ticket < 0) {
                return Optional.of(options.get(i));
            }
        }
        throw new IllegalStateException("unreachable: ticket beyond total weight");
    }
}
