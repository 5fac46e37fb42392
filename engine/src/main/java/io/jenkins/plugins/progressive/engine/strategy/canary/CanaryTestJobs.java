package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.hooks.HookOutcome;
import io.jenkins.plugins.progressive.engine.hooks.HookRunIds;
import io.jenkins.plugins.progressive.engine.hooks.JobRunner;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a canary's {@linkplain CanaryStep.TestJob test Job}. The run id is the release's (build, namespace, app) plus
 * the step's number, so each test step has its own Job and a canary resumed after a restart follows the Job it had
 * started instead of starting another ({@link JobRunner} is idempotent per run id).
 */
final class CanaryTestJobs {

    private static final JobRunner RUNNER = new JobRunner();

    private CanaryTestJobs() {
    }

    static CompletableFuture<HookOutcome> run(CanaryStep.TestJob test, int index, CanaryPlan plan,
            CanaryWorkloads workloads, RolloutContext context, int weight) {
        String runId = HookRunIds.of(plan.holder(), plan.namespace(), plan.app()) + "-" + (index + 1);
        return RUNNER.run(context.client(), plan.namespace(), test.job(), runId, context.scheduler(),
                environment(plan, workloads, weight));
    }

    /** What the test needs to know to aim at the canary (and compare with stable). */
    static Map<String, String> environment(CanaryPlan plan, CanaryWorkloads workloads, int weight) {
        AnalysisTarget target = workloads.target();
        Map<String, String> env = new HashMap<>();
        env.put("NAMESPACE", plan.namespace());
        env.put("CANARY_SERVICE", workloads.canaryService());
        env.put("STABLE_SERVICE", workloads.stableService());
        env.put("CANARY_WEIGHT", Integer.toString(weight));
        env.put("CANARY_VERSION", target.version());
        if (target.baselineVersion() != null) {
            env.put("STABLE_VERSION", target.baselineVersion());
        }
        return env;
    }
}
