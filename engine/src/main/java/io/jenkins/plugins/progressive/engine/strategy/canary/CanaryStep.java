package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.flags.gate.FlagGateCondition;
import io.jenkins.plugins.progressive.engine.flags.store.FlagSource;
import io.jenkins.plugins.progressive.engine.hooks.HookJob;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import java.time.Duration;
import java.util.Objects;

/** One step of a canary: the closed set Argo Rollouts users know, plus approvals, test Jobs and flag gates. */
public sealed interface CanaryStep {

    /** What the step does, for the log and the step track. */
    String describe();

    /** Sends {@code percent} of the traffic to the canary (and scales it to match). */
    record SetWeight(int percent) implements CanaryStep {
        public SetWeight {
            if (percent < 0 || percent > 100) {
                throw new PlanException("steps: weight " + percent + " is outside 0..100");
            }
        }

        @Override
        public String describe() {
            return "set weight " + percent + "%";
        }
    }

    /** Waits; without a duration it waits for an approval. */
    record Pause(Duration duration) implements CanaryStep {
        public Pause {
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new PlanException("steps: a pause must be positive, was " + duration);
            }
        }

        @Override
        public String describe() {
            return duration == null ? "pause until approved" : "pause " + duration.toSeconds() + " s";
        }
    }

    /** Runs the metric gates on the canary (against stable for comparative checks) until they decide. */
    record Analysis(AnalysisPlan plan) implements CanaryStep {
        public Analysis {
            Objects.requireNonNull(plan, "plan");
        }

        @Override
        public String describe() {
            return "analysis (" + plan.checks().size() + " check" + (plan.checks().size() == 1 ? "" : "s") + ")";
        }
    }

    /** Sends a cohort (header or cookie) to the canary whatever the weight. */
    record SetHeaderRoute(HeaderRoute route) implements CanaryStep {
        public SetHeaderRoute {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public String describe() {
            return "route " + (route.cookie() ? "cookie " : "header ") + route.key() + "=" + route.value() + " to the canary";
        }
    }

    /** Asks a human; a rejection rolls back. */
    record Approval(ApprovalRequest request) implements CanaryStep {
        public Approval {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public String describe() {
            return "approval: " + request.title();
        }
    }

    /**
     * Runs a Kubernetes Job against the canary at its current weight — a smoke test, a load test, a contract check —
     * and goes on only if it completes; a failed or timed-out Job rolls the canary back. The Job learns where the
     * canary is from its environment: {@code CANARY_SERVICE}, {@code STABLE_SERVICE}, {@code CANARY_WEIGHT},
     * {@code CANARY_VERSION}, {@code STABLE_VERSION}, {@code NAMESPACE} (unless it sets them itself). Argo Rollouts'
     * Job metric provider and Flagger's pre-rollout/rollout webhooks answer the same need.
     *
     * @param job the Job, a hook of phase {@link HookSpec.Phase#STEP}
     */
    record TestJob(HookSpec job) implements CanaryStep {
        public TestJob {
            Objects.requireNonNull(job, "job");
            if (job.phase() != HookSpec.Phase.STEP) {
                throw new IllegalArgumentException("a canary's test Job has phase STEP, not " + job.phase());
            }
        }

        @Override
        public String describe() {
            String what = job.job() instanceof HookJob.Template template ? template.image() + " "
                    + String.join(" ", template.command()) : "the Job manifest given";
            return "test Job: " + what + " (timeout " + job.timeout().toSeconds() + " s)";
        }
    }

    /**
     * Goes on only while a feature flag, as stored now, meets a condition (e.g. the new checkout for at most 25% of
     * users while its backend is a canary); otherwise the canary is rolled back, naming the flag and its share. See
     * {@link FlagGateCheck}.
     *
     * @param source where the flag set lives
     * @param flagKey the flag
     * @param condition what it must look like
     */
    record FlagGate(FlagSource source, String flagKey, FlagGateCondition condition) implements CanaryStep {
        public FlagGate {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(condition, "condition");
            if (flagKey == null || flagKey.isEmpty()) {
                throw new PlanException("steps: a flag gate needs the flag's key");
            }
        }

        @Override
        public String describe() {
            return "flag gate: '" + flagKey + "' " + condition.describe() + " (" + source.describe() + ")";
        }
    }
}
