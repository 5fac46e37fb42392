package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.canary.FlagGateParameters;
import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code canaryStage} step's arguments (docs/steps/canaryStage.md) → a validated {@link CanaryPlan}. Steps are
 * either weights ({@code [5, 25, 50, 100]}, each followed by the default gates) or explicit maps
 * ({@code [setWeight: 5]}, {@code [pause: '10m']}, {@code [analysis: […]]}, {@code [setHeaderRoute: […]]},
 * {@code [approval: […]]}).
 */
public final class CanaryArgs {
    static final String[] KEYS = {"cluster", "namespace", "app", "images", "router", "steps", "background",
        "backgroundFrom", "canaryReplicas", "notify", PreflightArgs.KEY};

    private CanaryArgs() {}

    public static CanaryPlan plan(Map<String, ?> arguments, StepDefaults defaults) {
        Args step = Args.of("", arguments).only(KEYS);
        String app = step.requiredString("app");
        try {
            List<ImageChange> images = new ArrayList<>();
            step.stringMap("images").forEach((container, image) -> images.add(new ImageChange(container, image)));
            Args router = step.map("router").only("replicas", "gatewayApi", "istio", "nginx");
            RouterSpec.Kind kind = RouterSpec.Kind.REPLICA_RATIO;
            String object = null;
            if (router.keys().size() > 1) {
                throw new StepArgumentException("router", "name one router, e.g. [gatewayApi: 'my-route'], not " + router.keys());
            }
            for (String key : router.keys()) {
                kind = switch (key) {
                    case "gatewayApi" -> RouterSpec.Kind.GATEWAY_API;
                    case "istio" -> RouterSpec.Kind.ISTIO;
                    case "nginx" -> RouterSpec.Kind.NGINX;
                    default -> RouterSpec.Kind.REPLICA_RATIO;
                };
                object = kind == RouterSpec.Kind.REPLICA_RATIO ? null : router.requiredString(key);
            }
            List<CanaryStep> steps = steps(step.raw("steps"), defaults, defaults.namespace(step));
            AnalysisPlan background = AnalysisArgs.plan("background", step.raw("background"), defaults.gateConditions());
            Integer backgroundFrom = step.integer("backgroundFrom", 0, Integer.MAX_VALUE);
            return new CanaryPlan(defaults.namespace(step), app, images, kind, object, steps, background,
                    backgroundFrom == null ? 0 : backgroundFrom, step.integer("canaryReplicas", 1, Integer.MAX_VALUE),
                    defaults.holder());
        } catch (PlanException e) {
            // The engine names the field ("steps[3]: weights must not decrease ..."): that is the path.
            throw StepArgumentException.under("", null, e.getMessage());
        }
    }

    static List<CanaryStep> steps(Object value, StepDefaults defaults, String namespace) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new StepArgumentException("steps", "give the steps, e.g. [5, 25, 50, 100] or [[setWeight: 5], [pause: '10m'], …]");
        }
        if (list.stream().allMatch(item -> !(item instanceof Map))) {
            List<Integer> percents = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    throw new StepArgumentException("steps[" + i + "]", "is missing: give a weight 0..100");
                }
                int percent = WholeNumber.parse("steps[" + i + "]", list.get(i), 0, 100);
                // Checked here, with the index the user wrote: the plan interleaves gates, so its indexes differ.
                if (i > 0 && percent < percents.get(i - 1)) {
                    throw new StepArgumentException("steps[" + i + "]", "weights must not decrease, but " + percent
                            + "% follows " + percents.get(i - 1) + "%");
                }
                percents.add(percent);
            }
            return CanaryPlan.weights(percents, defaultGates(defaults.gateConditions()));
        }
        List<CanaryStep> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw new StepArgumentException("steps[" + i + "]", "expected a step like [setWeight: 5] (a list of "
                        + "steps is either all weights or all maps), was " + Args.describe(list.get(i)));
            }
            String path = "steps[" + i + "]";
            try {
                steps.add(step(Args.of(path, list.get(i)), i, defaults, namespace));
            } catch (PlanException e) {
                // A step's own refusal says "steps: ..."; the index is known here.
                throw StepArgumentException.under(path, "steps", e.getMessage());
            }
        }
        return steps;
    }

    /** The shorthand's gates (the four built-ins, one minute apart) with the cluster's thresholds. */
    static AnalysisPlan defaultGates(Map<String, String> conditions) {
        AnalysisPlan gates = CanaryPlan.defaultGates();
        if (conditions.isEmpty()) {
            return gates;
        }
        List<io.jenkins.plugins.progressive.engine.analysis.MetricCheck> checks = new ArrayList<>();
        for (var check : gates.checks()) {
            checks.add(conditions.containsKey(check.name()) ? check.withCondition(conditions.get(check.name())) : check);
        }
        return new AnalysisPlan(checks, gates.timing(), gates.limits(), gates.requestCountQuery(), gates.variables());
    }

    private static CanaryStep step(Args item, int index, StepDefaults defaults, String namespace) {
        item.only("setWeight", "pause", "analysis", "setHeaderRoute", "approval", "flagGate", "job");
        if (item.keys().size() != 1) {
            throw new StepArgumentException(item.path(),
                    "each step is one of setWeight, pause, analysis, setHeaderRoute, approval, flagGate, job");
        }
        String kind = item.keys().iterator().next();
        if (!kind.equals("pause") && item.raw(kind) == null) {
            throw new StepArgumentException(item.path(kind), "is missing (null); see docs/steps/canaryStage.md");
        }
        switch (kind) {
            case "setWeight":
                return new CanaryStep.SetWeight(item.requiredInteger("setWeight", 0, 100));
            case "pause":
                Object pause = item.raw("pause");
                boolean untilApproved = pause == null || pause instanceof Map<?, ?> m && m.isEmpty()
                        || pause instanceof List<?> l && l.isEmpty();
                Duration duration = untilApproved ? null : pause instanceof Map ? Args.of(item.path("pause"), pause)
                        .only("duration").duration("duration") : item.duration("pause");
                return new CanaryStep.Pause(duration);
            case "analysis":
                return new CanaryStep.Analysis(AnalysisArgs.plan(item.path("analysis"), item.raw("analysis"),
                        defaults.gateConditions()));
            case "setHeaderRoute":
                return new CanaryStep.SetHeaderRoute(headerRoute(item.map("setHeaderRoute")));
            case "flagGate":
                return FlagGateParameters.parse(item.path("flagGate"), item.raw("flagGate"), namespace);
            case "job":
                return new CanaryStep.TestJob(HookArgs.of(HookSpec.Phase.STEP, item.path("job"), item.raw("job")));
            default:
                ApprovalRequest request = ApprovalArgs.of(item.path("approval"), item.raw("approval"),
                        "step-" + (index + 1), "Continue the canary after step " + index + "?", defaults.approvers());
                return new CanaryStep.Approval(request);
        }
    }

    private static HeaderRoute headerRoute(Args route) {
        route.only("name", "header", "cookie", "value", "match");
        if (route.has("header") == route.has("cookie")) {
            throw new StepArgumentException(route.path(), "give either header or cookie");
        }
        String name = route.requiredString("name");
        String value = route.requiredString("value");
        HeaderRoute.Match match = HeaderRoute.Match.EXACT;
        if (route.has("match")) {
            String text = route.requiredString("match").toUpperCase(Locale.ROOT);
            try {
                match = HeaderRoute.Match.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw new StepArgumentException(route.path("match"), "must be exact, prefix or regex, was '" + route.string("match") + "'");
            }
        }
        boolean cookie = route.has("cookie");
        String key = route.requiredString(cookie ? "cookie" : "header");
        try {
            return new HeaderRoute(name, cookie, key, value, match);
        } catch (IllegalArgumentException e) {
            // "value: '(' is not a valid regular expression ..." → steps[2].setHeaderRoute.value: ...
            throw StepArgumentException.under(route.path(), null, e.getMessage());
        }
    }
}
