package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.Condition;
import io.jenkins.plugins.progressive.engine.analysis.MetricValues;

/**
 * What the built-in checks measure can only take some values: the error rate is a share (0..1, i.e. 0%..100%), CPU,
 * memory and latency are never negative. A condition outside that ({@code errorRate: '< 1.5'}, {@code cpu: '> -10%'})
 * would always pass or never, so it is refused where it is written.
 */
final class BuiltInRange {

    private BuiltInRange() {}

    static void check(String builtIn, Condition condition, String path) {
        double low;
        double high;
        if (condition instanceof Condition.Threshold threshold) {
            low = threshold.threshold();
            high = low;
        } else if (condition instanceof Condition.Between between) {
            low = between.low();
            high = between.high();
        } else {
            return; // relative and judged conditions compare with the baseline, which has the same range
        }
        if (low < 0) {
            throw new StepArgumentException(path, builtIn + " is never negative, so '" + condition.text()
                    + "' has no meaning (the threshold is " + MetricValues.format(low) + ")");
        }
        if (builtIn.equals("errorRate") && high > 1) {
            throw new StepArgumentException(path, "errorRate is a share of requests, 0..1 (0%..100%), so '"
                    + condition.text() + "' has no meaning");
        }
    }
}
