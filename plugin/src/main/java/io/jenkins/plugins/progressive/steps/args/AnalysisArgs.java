package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import io.jenkins.plugins.progressive.engine.analysis.MetricValues;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.analysis.Reduction;
import io.jenkins.plugins.progressive.engine.analysis.StatisticalJudge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code analysis: [checks: [errorRate: [builtIn: true], …], interval: '30s', count: 4, …]} → an {@link AnalysisPlan}
 * (docs/analysis.md). Unknown keys are refused, so a typo never silently means "the default".
 */
public final class AnalysisArgs {
    static final String[] KEYS = {"checks", "initialDelay", "interval", "count", "window", "failureLimit",
        "inconclusiveLimit", "consecutiveErrorLimit", "minRequests", "requestCountQuery", "variables", "service"};
    private static final String[] CHECK_KEYS = {"builtIn", "query", "condition", "judge", "reduce", "minRequests",
        "dryRun"};
    private static final String[] JUDGE_KEYS = {"direction", "tolerance", "margin", "confidence", "lookback", "step",
        "outliers", "minSamples"};

    private AnalysisArgs() {}

    /** @return the plan, or null when {@code value} is null */
    public static AnalysisPlan plan(String path, Object value) {
        return plan(path, value, Map.of());
    }

    /**
     * @param gateConditions the cluster's thresholds for built-in checks that name no condition
     * @return the plan, or null when {@code value} is null
     */
    public static AnalysisPlan plan(String path, Object value, Map<String, String> gateConditions) {
        if (value == null) {
            return null;
        }
        Args args = Args.of(path, value).only(KEYS);
        try {
            Args checks = args.map("checks");
            if (checks.keys().isEmpty()) {
                throw new StepArgumentException(args.path("checks"), "name at least one check, e.g. [errorRate: [builtIn: true]]");
            }
            Integer defaultMinRequests = args.integer("minRequests", 0, Integer.MAX_VALUE);
            List<MetricCheck> list = new ArrayList<>();
            for (String name : checks.keys()) {
                list.add(check(name, checks.map(name).only(CHECK_KEYS), defaultMinRequests, gateConditions));
            }
            AnalysisTiming timing = AnalysisTiming.DEFAULT;
            if (args.has("initialDelay")) {
                timing = timing.withInitialDelay(args.duration("initialDelay"));
            }
            if (args.has("interval")) {
                timing = timing.withInterval(args.duration("interval"));
            }
            if (args.has("count")) {
                // 0 measures until the strategy stops it (background analysis); docs/analysis.md
                timing = timing.withCount(args.integer("count", 0, Integer.MAX_VALUE));
            }
            if (args.has("window")) {
                timing = timing.withWindow(args.duration("window"));
            }
            AnalysisLimits limits = new AnalysisLimits(
                    limit(args, "failureLimit", AnalysisLimits.DEFAULT.failureLimit()),
                    limit(args, "inconclusiveLimit", AnalysisLimits.DEFAULT.inconclusiveLimit()),
                    limit(args, "consecutiveErrorLimit", AnalysisLimits.DEFAULT.consecutiveErrorLimit()));
            AnalysisPlan plan = AnalysisPlan.of(list).withTiming(timing).withLimits(limits)
                    .withVariables(args.stringMap("variables"));
            return args.has("requestCountQuery") ? plan.withRequestCountQuery(args.requiredString("requestCountQuery")) : plan;
        } catch (PlanException e) {
            throw StepArgumentException.ofPlan(path, e);
        }
    }

    private static int limit(Args args, String key, int fallback) {
        Integer value = args.integer(key, 0, Integer.MAX_VALUE);
        return value == null ? fallback : value;
    }

    private static MetricCheck check(String name, Args spec, Integer defaultMinRequests, Map<String, String> gateConditions) {
        MetricCheck check;
        Object builtIn = spec.raw("builtIn");
        if (builtIn != null && !Boolean.FALSE.equals(builtIn) && !"false".equals(builtIn.toString())) {
            if (spec.has("query")) {
                throw new StepArgumentException(spec.path("query"), "give either builtIn or query, not both");
            }
            String base = Boolean.TRUE.equals(builtIn) || "true".equals(builtIn.toString()) ? name : builtIn.toString();
            MetricCheck template = BuiltInChecks.named(base).orElseThrow(() -> new StepArgumentException(
                    spec.path("builtIn"), "'" + base + "' is not a built-in check (errorRate, latencyP99, cpu, memory)"));
            check = new MetricCheck(name, template.query(), template.condition(), template.reduction(),
                    template.minRequests(), false);
            if (spec.has("condition")) {
                check = check.withCondition(spec.requiredString("condition"));
                BuiltInRange.check(base, check.condition(), spec.path("condition"));
            } else if (gateConditions.containsKey(base)) {
                check = check.withCondition(gateConditions.get(base));
            }
        } else if (spec.has("judge")) {
            check = MetricCheck.judged(name, spec.requiredString("query"), StatisticalJudge.DEFAULT);
        } else {
            check = MetricCheck.of(name, spec.requiredString("query"), spec.requiredString("condition"));
        }
        if (spec.has("judge")) {
            if (spec.has("condition")) {
                throw new StepArgumentException(spec.path("judge"), "give either a condition or a judge, not both");
            }
            check = check.withJudge(judge(spec));
        }
        if (spec.has("reduce")) {
            String reduce = spec.requiredString("reduce").toUpperCase(Locale.ROOT);
            Reduction reduction;
            try {
                reduction = Reduction.valueOf(reduce);
            } catch (IllegalArgumentException e) {
                throw new StepArgumentException(spec.path("reduce"), "must be single, max, min or each, was '"
                        + spec.string("reduce") + "'");
            }
            // outside the catch: the check's own refusal ("'each' cannot be compared ...") must reach the user
            check = check.withReduction(reduction);
        }
        Integer minRequests = spec.has("minRequests") ? spec.integer("minRequests", 0, Integer.MAX_VALUE) : defaultMinRequests;
        if (minRequests != null) {
            check = check.withMinRequests(minRequests);
        }
        if (Boolean.TRUE.equals(spec.bool("dryRun"))) {
            check = check.withDryRun(true);
        }
        return check;
    }

    /**
     * {@code judge: 'increase'} or {@code judge: [direction: 'increase', tolerance: '25%', confidence: '98%',
     * lookback: '5m', step: '15s', margin: 0, outliers: 3, minSamples: 10]}: the statistical comparison with the
     * baseline (docs/analysis.md), Kayenta's defaults for what is left out.
     */
    private static StatisticalJudge judge(Args spec) {
        Object value = spec.raw("judge");
        String path = spec.path("judge");
        StatisticalJudge judge = StatisticalJudge.DEFAULT;
        try {
            if (!(value instanceof Map)) {
                return judge.withDirection(direction(path, value));
            }
            Args args = spec.map("judge").only(JUDGE_KEYS);
            if (args.has("direction")) {
                judge = judge.withDirection(direction(args.path("direction"), args.raw("direction")));
            }
            if (args.has("tolerance")) {
                judge = judge.withTolerance(number(args, "tolerance"));
            }
            if (args.has("margin")) {
                judge = judge.withMargin(number(args, "margin"));
            }
            if (args.has("confidence")) {
                judge = judge.withConfidence(number(args, "confidence"));
            }
            if (args.has("lookback") || args.has("step")) {
                judge = judge.withRange(args.has("lookback") ? args.duration("lookback") : judge.lookback(),
                        args.has("step") ? args.duration("step") : judge.step());
            }
            if (args.has("outliers")) {
                judge = judge.withOutlierFactor(number(args, "outliers"));
            }
            if (args.has("minSamples")) {
                judge = judge.withMinSamples(args.integer("minSamples", 1, Integer.MAX_VALUE));
            }
            return judge;
        } catch (StepArgumentException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // StatisticalJudge names the field first ("confidence: must be ..."): it becomes part of the path.
            throw StepArgumentException.under(path, null, e.getMessage());
        }
    }

    private static StatisticalJudge.Direction direction(String path, Object value) {
        try {
            return StatisticalJudge.Direction.parse(value == null ? null : value.toString());
        } catch (IllegalArgumentException e) {
            throw new StepArgumentException(path, e.getMessage());
        }
    }

    /** A number as a Groovy number or as text with a unit: {@code 0.25}, {@code '25%'}, {@code '5ms'}. */
    private static double number(Args args, String key) {
        Object value = args.raw(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return MetricValues.parse(value.toString());
        } catch (IllegalArgumentException e) {
            throw new StepArgumentException(args.path(key), e.getMessage());
        }
    }

    /** The {@code service} label the checks' queries use, when the step's analysis names one. */
    public static String service(Object value) {
        return value == null ? null : Args.of("analysis", value).string("service");
    }
}
