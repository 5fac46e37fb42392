package io.jenkins.plugins.progressive.engine.analysis;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named metric gate: a PromQL template, the condition its value must meet, how several series are judged, a
 * minimum-traffic guard, and whether it only reports ({@code dryRun}) instead of deciding.
 *
 * @param name unique within a plan; letters, digits, '-', '_', '.'
 * @param query the PromQL template, see {@link QueryTemplate}
 * @param condition absolute, relative to the baseline, or {@linkplain Condition.Judged judged} statistically
 * @param reduction what to do with several series
 * @param minRequests below this many requests of the version in the window the measurement is inconclusive; 0 = no
 *     guard
 * @param dryRun measured and shown, but never decides
 */
public record MetricCheck(String name, QueryTemplate query, Condition condition, Reduction reduction, long minRequests,
        boolean dryRun) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public MetricCheck {
        if (name == null || !NAME.matcher(name).matches()) {
            throw PlanException.of(null, "check name", "'" + name + "' must be 1-63 letters, digits, '-', '_' or '.'");
        }
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(reduction, "reduction");
        if (condition instanceof Condition.Judged) {
            if (reduction == Reduction.MAX || reduction == Reduction.MIN) {
                throw PlanException.of(name, "reduce", "a judged check compares every point; give one series, or "
                        + "'each' to pool the points of several series");
            }
        } else if (condition.isComparative() && reduction == Reduction.EACH) {
            throw PlanException.of(name, "reduce", "'each' cannot be compared with a baseline; use max or min");
        }
        if (minRequests < 0) {
            throw PlanException.of(name, "minRequests", "must not be negative, was " + minRequests);
        }
    }

    /**
     * A check from the words a Jenkinsfile author writes; every problem is reported with the check's name and the
     * field.
     */
    public static MetricCheck of(String name, String query, String condition) {
        String checkName = name == null ? null : name.strip();
        Condition parsed;
        try {
            parsed = Condition.parse(condition);
        } catch (IllegalArgumentException e) {
            throw PlanException.of(checkName, "condition", e.getMessage());
        }
        return new MetricCheck(checkName, new QueryTemplate(query == null ? "" : query), parsed, Reduction.SINGLE, 0, false);
    }

    /** A check judged statistically against the baseline (see {@link StatisticalJudge}) instead of by a condition. */
    public static MetricCheck judged(String name, String query, StatisticalJudge judge) {
        String checkName = name == null ? null : name.strip();
        return new MetricCheck(checkName, new QueryTemplate(query == null ? "" : query), new Condition.Judged(judge),
                Reduction.SINGLE, 0, false);
    }

    public MetricCheck withReduction(Reduction value) {
        return new MetricCheck(name, query, condition, value, minRequests, dryRun);
    }

    public MetricCheck withMinRequests(long value) {
        return new MetricCheck(name, query, condition, reduction, value, dryRun);
    }

    public MetricCheck withDryRun(boolean value) {
        return new MetricCheck(name, query, condition, reduction, minRequests, value);
    }

    /** This check judged statistically against the baseline instead of by its condition. */
    public MetricCheck withJudge(StatisticalJudge judge) {
        return new MetricCheck(name, query, new Condition.Judged(judge), reduction, minRequests, dryRun);
    }

    /** The check's statistical judge, if it has one. */
    public Optional<StatisticalJudge> judge() {
        return condition instanceof Condition.Judged judged ? Optional.of(judged.judge())
                : Optional.empty();
    }

    public MetricCheck withCondition(String value) {
        try {
            return new MetricCheck(name, query, Condition.parse(value), reduction, minRequests, dryRun);
        } catch (IllegalArgumentException e) {
            throw PlanException.of(name, "condition", e.getMessage());
        }
    }
}
