package io.jenkins.plugins.progressive.engine.flags.analytics;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What Prometheus says about a flag's evaluations in a window: measured shares, explicitly no data, or a failed query.
 * Each carries the resolved query, so a reader can run it in Prometheus and see the same thing.
 */
public sealed interface FlagUsage {

    String flagKey();

    Duration window();

    /** When the query was evaluated. */
    Instant at();

    /** The PromQL that was sent. */
    String query();

    /** Log lines for a build. */
    List<String> lines();

    /** Plain values for a pipeline's return value: strings, numbers, lists and maps. */
    Map<String, Object> toMap();

    /**
     * Evaluations per variant, most served first; only variants flagd reported in the window appear (a variant
     * nobody was served has no series, and is not shown as a made-up 0).
     *
     * @param total all evaluations of the flag in the window, above 0
     */
    record Measured(String flagKey, Duration window, Instant at, String query, List<VariantEvaluations> variants,
            double total) implements FlagUsage {
        public Measured {
            Objects.requireNonNull(flagKey, "flagKey");
            variants = List.copyOf(variants);
        }

        /** The share of one variant in percent, or null if flagd reported no evaluation returning it. */
        public Double percent(String variant) {
            return variants.stream().filter(v -> v.variant().equals(variant)).map(VariantEvaluations::percent)
                    .findFirst().orElse(null);
        }

        @Override
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "flag '%s': %.0f evaluations in the last %s (flagd metrics)",
                    flagKey, total, FlagAnalytics.promDuration(window)));
            int width = variants.stream().mapToInt(v -> v.variant().length()).max().orElse(0);
            for (VariantEvaluations v : variants) {
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s %10.0f  %5.1f%%", v.variant(),
                        v.evaluations(), v.percent()));
            }
            return lines;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = FlagUsage.common(this, "measured");
            map.put("total", total);
            map.put("variants", variants.stream().map(v -> Map.<String, Object>of("variant", v.variant(),
                    "evaluations", v.evaluations(), "percent", v.percent())).toList());
            return map;
        }
    }

    /**
     * Prometheus answered, but there is nothing to show: no series for the flag, or no evaluation in the window.
     *
     * @param kind which of the two
     * @param reason one sentence on what that can mean
     */
    record NoData(String flagKey, Duration window, Instant at, String query, NoDataKind kind, String reason)
            implements FlagUsage {
        public NoData {
            Objects.requireNonNull(flagKey, "flagKey");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public List<String> lines() {
            return List.of("flag '" + flagKey + "': no evaluation data for the last " + FlagAnalytics.promDuration(window)
                    + ": " + reason, "  query: " + query);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = FlagUsage.common(this, "no-data");
            map.put("noData", kind.name());
            map.put("reason", reason);
            return map;
        }
    }

    /**
     * Prometheus could not be asked or refused the query.
     *
     * @param kind what went wrong
     * @param message the cause, Prometheus' own words for a bad query
     */
    record Failed(String flagKey, Duration window, Instant at, String query, QueryResult.FailureKind kind,
            String message) implements FlagUsage {
        public Failed {
            Objects.requireNonNull(flagKey, "flagKey");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public List<String> lines() {
            return List.of("flag '" + flagKey + "': evaluation data unavailable (" + kind + "): " + message,
                    "  query: " + query);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = FlagUsage.common(this, "failed");
            map.put("failure", kind.name());
            map.put("reason", message);
            return map;
        }
    }

    /** Why there is no data. */
    enum NoDataKind {
        /** The query matched no series: the metrics are not scraped, or flagd never evaluated the flag. */
        NO_SERIES,
        /** Series exist, but none grew in the window: nobody evaluated the flag then. */
        NO_EVALUATIONS
    }

    private static Map<String, Object> common(FlagUsage usage, String status) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", status);
        map.put("flag", usage.flagKey());
        map.put("window", FlagAnalytics.promDuration(usage.window()));
        map.put("at", usage.at().toString());
        map.put("query", usage.query());
        return map;
    }
}
