package io.jenkins.plugins.progressive.engine.flags.analytics;

import java.util.Objects;

/**
 * How often one variant was served within the window.
 *
 * @param variant the variant's name as flagd reported it
 * @param evaluations how many evaluations returned it; {@code increase()} extrapolates to the window's edges, so this is
 *     an estimate, not always a whole number
 * @param percent its share of all evaluations of the flag in the window, 0..100
 */
public record VariantEvaluations(String variant, double evaluations, double percent) {

    public VariantEvaluations {
        Objects.requireNonNull(variant, "variant");
    }
}
