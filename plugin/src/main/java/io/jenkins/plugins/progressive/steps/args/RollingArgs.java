package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.rolling.InconclusivePolicy;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingParameters;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import java.util.Locale;
import java.util.Map;

/** The {@code rollingUpdate} step's arguments (docs/steps/rollingUpdate.md) → a validated {@link RollingPlan}. */
public final class RollingArgs {
    static final String[] KEYS = {"cluster", "namespace", "deployment", "images", "env", "requests", "limits",
        "podAnnotations", "manifest", "changeCause", "maxSurge", "maxUnavailable", "minReadySeconds",
        "progressDeadlineSeconds", "batches", "healthChecks", "analysis", "autoRollback", "onInconclusive", "preHook",
        "postHook", "notify", PreflightArgs.KEY};

    private RollingArgs() {}

    public static RollingPlan plan(Map<String, ?> arguments, StepDefaults defaults) {
        Args step = Args.of("", arguments).only(KEYS);
        String deployment = step.requiredString("deployment");
        try {
            RollingPlan.Builder plan = RollingPlan.builder(defaults.namespace(step), deployment);
            step.stringMap("images").forEach(plan::image);
            perContainer(step, "env").forEach((container, vars) -> vars.forEach((k, v) -> plan.env(container, k, v)));
            perContainer(step, "requests").forEach((container, r) -> r.forEach((k, v) -> plan.requests(container, k, v)));
            perContainer(step, "limits").forEach((container, r) -> r.forEach((k, v) -> plan.limits(container, k, v)));
            step.stringMap("podAnnotations").forEach(plan::podAnnotation);
            if (step.has("manifest")) {
                plan.manifest(step.requiredString("manifest"));
            }
            plan.changeCause(step.has("changeCause") ? step.string("changeCause") : defaults.holder());
            plan.parameters(new RollingParameters(step.string("maxSurge"), step.string("maxUnavailable"),
                    step.integer("minReadySeconds", 0, Integer.MAX_VALUE),
                    step.integer("progressDeadlineSeconds", 1, Integer.MAX_VALUE)));
            if (step.has("batches")) {
                plan.batches(Batches.parse(step.strings("batches")));
            }
            HealthCheckArgs.list("healthChecks", step.raw("healthChecks"), deployment).forEach(plan::healthCheck);
            if (step.has("analysis")) {
                plan.analysis(AnalysisArgs.plan("analysis", step.raw("analysis"), defaults.gateConditions()), AnalysisArgs.service(step.raw("analysis")));
            }
            if (step.has("autoRollback")) {
                plan.autoRollback(step.bool("autoRollback"));
            }
            if (step.has("onInconclusive")) {
                plan.onInconclusive(inconclusive(step));
            }
            plan.hooks(HookArgs.of(HookSpec.Phase.PRE, step.raw("preHook")), HookArgs.of(HookSpec.Phase.POST, step.raw("postHook")));
            return plan.holder(defaults.holder()).build();
        } catch (PlanException e) {
            // The engine's messages already start with the parameter ("batches: …", "maxSurge: …").
            throw StepArgumentException.under("", null, e.getMessage());
        }
    }

    private static InconclusivePolicy inconclusive(Args step) {
        String text = step.requiredString("onInconclusive").toUpperCase(Locale.ROOT);
        try {
            return InconclusivePolicy.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new StepArgumentException("onInconclusive", "must be ROLLBACK or PAUSE, was '" + step.string("onInconclusive") + "'");
        }
    }

    static Map<String, Map<String, String>> perContainer(Args step, String key) {
        Args containers = step.map(key);
        Map<String, Map<String, String>> result = new java.util.LinkedHashMap<>();
        for (String container : containers.keys()) {
            result.put(container, containers.stringMap(container));
        }
        return result;
    }
}
