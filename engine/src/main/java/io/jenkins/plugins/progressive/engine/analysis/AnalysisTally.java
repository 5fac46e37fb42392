package io.jenkins.plugins.progressive.engine.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts measurements per check and decides the analysis verdict: the rules of docs/analysis.md in one place.
 * Not thread-safe; the analysis run serialises access.
 */
final class AnalysisTally {

    private final AnalysisPlan plan;
    private final Map<String, Counts> counts = new LinkedHashMap<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private AnalysisVerdict verdict = AnalysisVerdict.RUNNING;
    private String reason = "measuring";

    AnalysisTally(AnalysisPlan plan) {
        this.plan = plan;
        plan.checks().forEach(c -> counts.put(c.name(), new Counts()));
    }

    /** Records a measurement and returns the verdict after it (decided verdicts never change). */
    AnalysisVerdict record(Measurement measurement) {
        measurements.add(measurement);
        if (verdict != AnalysisVerdict.RUNNING || measurement.dryRun()) {
            return verdict;
        }
        Counts c = counts.get(measurement.check());
        AnalysisLimits limits = plan.limits();
        switch (measurement.verdict()) {
            case PASS -> c.passed++;
            case FAIL -> c.failed++;
            case INCONCLUSIVE -> c.inconclusive++;
            case ERROR -> c.consecutiveErrors++;
        }
        if (measurement.verdict() != MeasurementVerdict.ERROR) {
            c.consecutiveErrors = 0;
        }
        // Evidence is a PASS or a FAIL. An INCONCLUSIVE is a gap (no data, too little traffic): tolerated up to
        // inconclusiveLimit, it extends the analysis instead of counting towards `count`, so gaps never add up to a pass.
        if (measurement.verdict() == MeasurementVerdict.PASS || measurement.verdict() == MeasurementVerdict.FAIL) {
            c.decisive++;
        }
        if (measurement.fatal()) {
            decide(AnalysisVerdict.FAIL, measurement, measurement.explanation());
        } else if (c.failed > limits.failureLimit()) {
            decide(AnalysisVerdict.FAIL, measurement, c.failed + " failed measurement" + (c.failed == 1 ? "" : "s")
                    + " (failureLimit " + limits.failureLimit() + "); last: " + measurement.explanation());
        } else if (c.consecutiveErrors > limits.consecutiveErrorLimit()) {
            // Prometheus down, a timeout, a 5xx: nothing was learnt about the version. Unknown is never a pass, and not
            // a fail either: INCONCLUSIVE, so the rollout does what onInconclusive says (pause for a human or roll back).
            decide(AnalysisVerdict.INCONCLUSIVE, measurement, "could not measure: " + c.consecutiveErrors
                    + " errors in a row (consecutiveErrorLimit " + limits.consecutiveErrorLimit() + "); last: "
                    + measurement.explanation());
        } else if (c.inconclusive > limits.inconclusiveLimit()) {
            decide(AnalysisVerdict.INCONCLUSIVE, measurement, c.inconclusive + " inconclusive measurement"
                    + (c.inconclusive == 1 ? "" : "s") + " (inconclusiveLimit " + limits.inconclusiveLimit() + "); last: "
                    + measurement.explanation());
        } else if (plan.timing().count() > 0 && allChecksComplete()) {
            String unproven = uncorroborated();
            if (unproven != null) {
                // Failures tolerated by failureLimit are not a pass either: a check that never once passed says nothing good.
                verdict = AnalysisVerdict.INCONCLUSIVE;
                reason = "check '" + unproven + "': none of its " + plan.timing().count() + " measurements passed "
                        + "(all failed within failureLimit " + limits.failureLimit() + "); last: " + measurement.explanation();
            } else {
                verdict = AnalysisVerdict.PASS;
                reason = "every check passed " + plan.timing().count() + " measurement"
                        + (plan.timing().count() == 1 ? "" : "s") + " within its limits";
            }
        }
        return verdict;
    }

    /** Ends an open-ended (or interrupted) analysis: what it saw so far decides; nothing seen is not a pass. */
    AnalysisVerdict stop() {
        if (verdict == AnalysisVerdict.RUNNING) {
            boolean measured = counts.entrySet().stream().filter(e -> isDeciding(e.getKey()))
                    .allMatch(e -> e.getValue().passed > 0);
            if (measured) {
                verdict = AnalysisVerdict.PASS;
                reason = "stopped after every check passed within its limits";
            } else {
                verdict = AnalysisVerdict.INCONCLUSIVE;
                reason = "stopped before every check had a measurement";
            }
        }
        return verdict;
    }

    AnalysisResult result() {
        return new AnalysisResult(verdict, reason, measurements);
    }

    AnalysisVerdict verdict() {
        return verdict;
    }

    private boolean allChecksComplete() {
        return counts.entrySet().stream().filter(e -> isDeciding(e.getKey()))
                .allMatch(e -> e.getValue().decisive >= plan.timing().count());
    }

    /** A deciding check without a single PASS, or null. */
    private String uncorroborated() {
        return counts.entrySet().stream().filter(e -> isDeciding(e.getKey()) && e.getValue().passed == 0)
                .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
    }

    private boolean isDeciding(String check) {
        return plan.checks().stream().anyMatch(c -> c.name().equals(check) && !c.dryRun());
    }

    private void decide(AnalysisVerdict decided, Measurement measurement, String why) {
        verdict = decided;
        reason = "check '" + measurement.check() + "': " + why;
    }

    private static final class Counts {
        private int decisive;
        private int passed;
        private int failed;
        private int inconclusive;
        private int consecutiveErrors;
    }
}
