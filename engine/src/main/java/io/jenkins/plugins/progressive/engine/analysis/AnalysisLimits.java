package io.jenkins.plugins.progressive.engine.analysis;

/**
 * How much bad news a check may produce before the analysis decides against the version. Per check, as in Argo
 * Rollouts: a noisy check cannot be outvoted by quiet ones.
 *
 * @param failureLimit failed measurements tolerated; one more fails the analysis (default 0)
 * @param inconclusiveLimit inconclusive measurements tolerated; one more makes the analysis inconclusive (default 0)
 * @param consecutiveErrorLimit errors in a row tolerated (Prometheus down, timeouts); one more fails it (default 4)
 */
public record AnalysisLimits(int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {

    public static final AnalysisLimits DEFAULT = new AnalysisLimits(0, 0, 4);

    public AnalysisLimits {
        if (failureLimit < 0) {
            throw PlanException.of(null, "failureLimit", "must not be negative, was " + failureLimit);
        }
        if (inconclusiveLimit < 0) {
            throw PlanException.of(null, "inconclusiveLimit", "must not be negative, was " + inconclusiveLimit);
        }
        if (consecutiveErrorLimit < 0) {
            throw PlanException.of(null, "consecutiveErrorLimit", "must not be negative, was " + consecutiveErrorLimit);
        }
    }
}
