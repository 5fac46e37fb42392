package io.jenkins.plugins.progressive.engine.flags.analytics;

import io.jenkins.plugins.progressive.engine.analysis.QueryTemplate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How flag evaluations are found in Prometheus: a PromQL template returning one series per variant, and the labels that
 * name the variant. An administrator overrides it where flagd's metrics arrive under other names (through an
 * OpenTelemetry collector with UTF-8 names, a recording rule, a namespace-scoped selector).
 *
 * @param evaluations a query for the number of evaluations per variant within the window; placeholders
 *     {@code {{flag}}} (the flag key, escaped for a PromQL string), {@code {{window}}} (a PromQL duration such as
 *     {@code 1h}) and {@code {{namespace}}} (the flag set's namespace, when the caller knows it)
 * @param variantLabels the labels holding the variant, tried in order on each series (the first non-empty one wins)
 */
public record FlagAnalyticsQueries(QueryTemplate evaluations, List<String> variantLabels) {

    /** Placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("flag", "window", "namespace");

    /**
     * flagd's default Prometheus exporter: {@code feature_flag.flagd.impression} becomes
     * {@code feature_flag_flagd_impression_total}; the variant label is {@code feature_flag_result_variant} since
     * flagd moved to semantic conventions 1.34 (July 2025) and {@code feature_flag_variant} before, so both are grouped
     * by and read. {@code increase} sums over every flagd replica and survives their restarts.
     */
    public static final FlagAnalyticsQueries DEFAULT = new FlagAnalyticsQueries(new QueryTemplate(
            "sum by (feature_flag_result_variant, feature_flag_variant) "
                    + "(increase(feature_flag_flagd_impression_total{feature_flag_key=\"{{flag}}\"}[{{window}}]))"),
            List.of("feature_flag_result_variant", "feature_flag_variant"));

    public FlagAnalyticsQueries {
        Objects.requireNonNull(evaluations, "evaluations");
        if (evaluations.text().isBlank()) {
            throw new IllegalArgumentException("evaluations: the query is empty");
        }
        for (String name : evaluations.placeholders()) {
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException("evaluations: unknown placeholder {{" + name + "}} (known: flag, "
                        + "namespace, window)");
            }
        }
        if (!evaluations.placeholders().contains("flag")) {
            throw new IllegalArgumentException("evaluations: the query must select the flag with {{flag}}");
        }
        variantLabels = List.copyOf(Objects.requireNonNull(variantLabels, "variantLabels"));
        if (variantLabels.isEmpty() || variantLabels.stream().anyMatch(l -> l == null || l.isBlank())) {
            throw new IllegalArgumentException("variantLabels: name at least one label, none blank");
        }
    }

    /** A template of one's own with flagd's variant labels. */
    public static FlagAnalyticsQueries of(String evaluations) {
        return new FlagAnalyticsQueries(new QueryTemplate(evaluations), DEFAULT.variantLabels());
    }
}
