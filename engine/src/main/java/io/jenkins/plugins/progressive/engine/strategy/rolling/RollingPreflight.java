package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import java.util.List;
import java.util.stream.Collectors;

/** Runs the zero-downtime preflight for a plan: warnings go to the listener, errors refuse the rollout. */
final class RollingPreflight {

    private RollingPreflight() {
    }

    static void check(RolloutContext context, RollingPlan plan, Deployment deployment) {
        RollingParameters parameters = plan.parameters();
        IntOrString surge = parameters.maxSurge() == null ? null : RollingParameters.intOrString(parameters.maxSurge());
        IntOrString unavailable = parameters.maxUnavailable() == null ? null
                : RollingParameters.intOrString(parameters.maxUnavailable());
        List<PreflightFinding> findings = ZeroDowntimePreflight.check(context.client(), deployment, surge, unavailable,
                plan.images());
        findings.stream().filter(f -> !f.isError()).forEach(f -> context.listener().onEvent(
                new RolloutEvent.Warning(context.clock().instant(), "preflight: " + f.describe())));
        List<PreflightFinding> errors = findings.stream().filter(PreflightFinding::isError).toList();
        if (!errors.isEmpty()) {
            throw new RollingUpdate.Refusal("preflight found " + errors.size() + " problem"
                    + (errors.size() == 1 ? "" : "s") + " that would cost availability, nothing was changed: "
                    + errors.stream().map(PreflightFinding::describe).collect(Collectors.joining("; ")));
        }
    }
}
