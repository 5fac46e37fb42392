package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import java.time.Duration;
import java.util.Objects;

/** One step of a canary: the closed set Argo Rollouts users know, plus approvals. */
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
}
