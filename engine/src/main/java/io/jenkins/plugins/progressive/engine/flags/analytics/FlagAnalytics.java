package io.jenkins.plugins.progressive.engine.flags.analytics;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Evaluations per variant of one flag, from flagd's evaluation metrics in Prometheus: one instant query (see
 * {@link FlagAnalyticsQueries#DEFAULT}), its series grouped by variant, each variant's share of the total. Nothing is
 * filled in: no series, or series that did not grow, is {@link FlagUsage.NoData}; a query that failed is
 * {@link FlagUsage.Failed}. Asynchronous like {@link PrometheusQueries}; the future never completes exceptionally.
 */
public final class FlagAnalytics {

    private final PrometheusQueries prometheus;
    private final FlagAnalyticsQueries queries;
    private final Clock clock;

    public FlagAnalytics(PrometheusQueries prometheus, FlagAnalyticsQueries queries, Clock clock) {
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.queries = queries == null ? FlagAnalyticsQueries.DEFAULT : queries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** With flagd's default metric names, at the current time. */
    public FlagAnalytics(PrometheusQueries prometheus) {
        this(prometheus, FlagAnalyticsQueries.DEFAULT, Clock.systemUTC());
    }

    /**
     * Asks Prometheus how often each variant of the flag was served within the window ending now.
     *
     * @param flagKey the flag
     * @param window how far back, at least one second, whole seconds
     * @param namespace the flag set's namespace for a template using {@code {{namespace}}}; may be null otherwise
     * @throws IllegalArgumentException on a bad window, or a template needing a namespace none was given for
     */
    public CompletableFuture<FlagUsage> evaluations(String flagKey, Duration window, String namespace) {
        if (flagKey == null || flagKey.isEmpty()) {
            throw new IllegalArgumentException("flag: name the flag whose evaluations to show");
        }
        String range = promDuration(window);
        if (namespace == null && queries.evaluations().placeholders().contains("namespace")) {
            throw new IllegalArgumentException("the evaluations query uses {{namespace}}, but no namespace was given");
        }
        Map<String, String> values = new HashMap<>();
        values.put("flag", escape(flagKey));
        values.put("window", range);
        values.put("namespace", namespace == null ? "" : escape(namespace));
        String promql = queries.evaluations().resolve(values);
        Instant at = clock.instant();
        return prometheus.query(promql, at).thenApply(result -> usage(flagKey, window, at, promql, result));
    }

    private FlagUsage usage(String flagKey, Duration window, Instant at, String promql, QueryResult result) {
        if (result instanceof QueryResult.Failure failure) {
            return new FlagUsage.Failed(flagKey, window, at, promql, failure.kind(), failure.message());
        }
        List<Sample> samples = ((QueryResult.Success) result).samples();
        Map<String, Double> byVariant = new LinkedHashMap<>();
        for (Sample sample : samples) {
            // NaN or infinite: no usable number for that series (e.g. a division in an overridden template).
            if (Double.isFinite(sample.value())) {
                byVariant.merge(variant(sample.labels()), sample.value(), Double::sum);
            }
        }
        if (byVariant.isEmpty()) {
            return new FlagUsage.NoData(flagKey, window, at, promql, FlagUsage.NoDataKind.NO_SERIES,
                    "Prometheus has no evaluation series for this flag: flagd's metrics endpoint (port 8014) is not "
                            + "scraped by this Prometheus, or no flagd evaluated the flag since it started");
        }
        double total = byVariant.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return new FlagUsage.NoData(flagKey, window, at, promql, FlagUsage.NoDataKind.NO_EVALUATIONS,
                    "flagd reported the flag before, but no evaluation of it in this window");
        }
        List<VariantEvaluations> variants = new ArrayList<>();
        byVariant.forEach((variant, count) -> variants.add(new VariantEvaluations(variant, count, 100 * count / total)));
        variants.sort(Comparator.comparingDouble(VariantEvaluations::evaluations).reversed()
                .thenComparing(VariantEvaluations::variant));
        return new FlagUsage.Measured(flagKey, window, at, promql, variants, total);
    }

    private String variant(Map<String, String> labels) {
        for (String label : queries.variantLabels()) {
            String value = labels.get(label);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        // Shown rather than dropped: an overridden template that loses the variant label should be visible.
        return "(no " + String.join("/", queries.variantLabels()) + " label)";
    }

    /**
     * A window as a PromQL duration in its largest whole unit: {@code 1h}, {@code 90m}, {@code 45s}.
     *
     * @throws IllegalArgumentException if shorter than a second or not whole seconds
     */
    public static String promDuration(Duration window) {
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.getNano() != 0) {
            throw new IllegalArgumentException("window: must be whole seconds and at least 1s, was " + window);
        }
        long seconds = window.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** A value for inside a double-quoted PromQL string: flag keys are free text in flagd. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
