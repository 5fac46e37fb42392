package io.jenkins.plugins.progressive.engine.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One measurement of one check, with everything needed to explain it: the values, the fully resolved queries, and a
 * sentence such as {@code 0.052 violates < 1%}.
 *
 * @param check the check's name
 * @param verdict what it says
 * @param values the judged values of the version (one per series)
 * @param baselineValues the baseline's values for a comparative check, else empty
 * @param query the resolved query for the version
 * @param baselineQuery the resolved query for the baseline, or {@code null}
 * @param time when it was evaluated
 * @param explanation why this verdict, in words
 * @param dryRun whether the check only reports
 * @param fatal whether waiting cannot help (Prometheus rejected the query)
 */
public record Measurement(String check, MeasurementVerdict verdict, List<Double> values, List<Double> baselineValues,
        String query, String baselineQuery, Instant time, String explanation, boolean dryRun, boolean fatal) {

    public Measurement {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(verdict, "verdict");
        values = List.copyOf(values);
        baselineValues = List.copyOf(baselineValues);
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(explanation, "explanation");
    }
}
