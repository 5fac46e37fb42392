package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rollingUpdate(statefulSet: 'kafka', images: [...], batches: ['25%', '100%'], ...)} → a validated
 * {@link StatefulPlan} (docs/steps/rollingUpdate.md, "StatefulSets"). The Deployment-only parameters are refused by
 * name rather than ignored.
 */
public final class StatefulArgs {
    static final String[] KEYS = {"cluster", "namespace", "statefulSet", "images", "batches", "healthChecks",
        "analysis", "autoRollback", "progressDeadlineSeconds", "notify", PreflightArgs.KEY};
    private static final Set<String> DEPLOYMENT_ONLY = Set.of("deployment", "env", "requests", "limits",
            "podAnnotations", "manifest", "changeCause", "maxSurge", "maxUnavailable", "minReadySeconds",
            "onInconclusive", "preHook", "postHook");

    private StatefulArgs() {}

    /** Whether the arguments name a StatefulSet (and so are read by this class, not {@link RollingArgs}). */
    public static boolean applies(Map<String, ?> arguments) {
        return arguments.get("statefulSet") != null;
    }

    public static StatefulPlan plan(Map<String, ?> arguments, StepDefaults defaults) {
        for (String key : arguments.keySet()) {
            if (DEPLOYMENT_ONLY.contains(key) && arguments.get(key) != null) {
                throw new StepArgumentException(key, key.equals("deployment")
                        ? "give either deployment or statefulSet, not both"
                        : "applies to Deployments; a StatefulSet is updated one pod at a time by its partition");
            }
        }
        Args step = Args.of("", withoutNulls(arguments)).only(KEYS);
        String name = step.requiredString("statefulSet");
        try {
            List<ImageChange> images = new ArrayList<>();
            step.stringMap("images").forEach((container, image) -> images.add(new ImageChange(container, image)));
            Batches batches = step.has("batches") ? Batches.parse(step.strings("batches")) : null;
            Integer deadline = step.integer("progressDeadlineSeconds", 1, Integer.MAX_VALUE);
            Boolean autoRollback = step.bool("autoRollback");
            return new StatefulPlan(defaults.namespace(step), name, images, batches,
                    HealthCheckArgs.list("healthChecks", step.raw("healthChecks"), name),
                    step.has("analysis") ? AnalysisArgs.plan("analysis", step.raw("analysis"), defaults.gateConditions())
                            : null,
                    step.has("analysis") ? AnalysisArgs.service(step.raw("analysis")) : null,
                    autoRollback == null || autoRollback,
                    deadline == null ? null : Duration.ofSeconds(deadline), defaults.holder());
        } catch (PlanException e) {
            throw StepArgumentException.under("", null, e.getMessage());
        }
    }

    private static Map<String, ?> withoutNulls(Map<String, ?> arguments) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        arguments.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
