package io.jenkins.plugins.progressive.engine.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an analysis needs except the version it judges: the checks, when to measure, the limits, the query that
 * counts a version's requests (for the minimum-traffic guards), and extra placeholder values. Validated as a whole
 * when built, so a typo stops a pipeline before it touches a cluster.
 *
 * @param checks the gates, names unique
 * @param timing when to measure
 * @param limits how much bad news is tolerated
 * @param requestCountQuery counts the version's requests in {@code {{window}}}; used by checks with minRequests
 * @param variables values for placeholders beyond the standard ones
 */
public record AnalysisPlan(List<MetricCheck> checks, AnalysisTiming timing, AnalysisLimits limits,
        QueryTemplate requestCountQuery, Map<String, String> variables) {

    public AnalysisPlan {
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(limits, "limits");
        requestCountQuery = requestCountQuery == null ? BuiltInChecks.REQUEST_COUNT : requestCountQuery;
        variables = Map.copyOf(variables == null ? Map.of() : variables);
        if (checks.isEmpty()) {
            throw PlanException.of(null, "checks", "an analysis needs at least one check");
        }
        for (String name : variables.keySet()) {
            if (QueryTemplate.STANDARD.contains(name)) {
                throw PlanException.of(null, "variables", "'" + name + "' is set by the analysis itself");
            }
        }
        Set<String> known = new HashSet<>(QueryTemplate.STANDARD);
        known.addAll(variables.keySet());
        Set<String> names = new HashSet<>();
        for (MetricCheck check : checks) {
            if (!names.add(check.name())) {
                throw PlanException.of(check.name(), "name", "two checks have this name");
            }
            check.query().validate(check.name(), "query", known);
        }
        // Checked even when no check uses it: a broken query is refused where it is written, not when it is needed.
        requestCountQuery.validate(null, "requestCountQuery", known);
        if (checks.stream().allMatch(MetricCheck::dryRun)) {
            throw PlanException.of(null, "checks", "every check is a dry run, so nothing would decide");
        }
    }

    /** A plan with the default timing, limits and request-count query. */
    public static AnalysisPlan of(List<MetricCheck> checks) {
        return new AnalysisPlan(checks, AnalysisTiming.DEFAULT, AnalysisLimits.DEFAULT, null, Map.of());
    }

    public AnalysisPlan withTiming(AnalysisTiming value) {
        return new AnalysisPlan(checks, value, limits, requestCountQuery, variables);
    }

    public AnalysisPlan withLimits(AnalysisLimits value) {
        return new AnalysisPlan(checks, timing, value, requestCountQuery, variables);
    }

    public AnalysisPlan withVariables(Map<String, String> value) {
        return new AnalysisPlan(checks, timing, limits, requestCountQuery, value);
    }

    public AnalysisPlan withRequestCountQuery(String value) {
        return new AnalysisPlan(checks, timing, limits, new QueryTemplate(value), variables);
    }

    public boolean isComparative() {
        return checks.stream().anyMatch(c -> c.condition().isComparative());
    }
}
