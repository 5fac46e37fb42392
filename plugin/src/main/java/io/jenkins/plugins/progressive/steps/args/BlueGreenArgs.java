package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import java.util.Map;

/** The {@code blueGreenDeploy} step's arguments (docs/steps/blueGreenDeploy.md) → a validated {@link BlueGreenPlan}. */
public final class BlueGreenArgs {
    static final String[] KEYS = {"cluster", "namespace", "app", "images", "activeServices", "previewService",
        "previewReplicas", "healthChecks", "prePromotion", "approval", "postSwitch", "scaleDownDelay",
        "progressDeadline", "preHook", "postHook", "previewTest", "notify", PreflightArgs.KEY};
    /** The approval's id in URLs: one approval per blue/green release. */
    public static final String APPROVAL_ID = "switch";

    private BlueGreenArgs() {}

    public static BlueGreenPlan plan(Map<String, ?> arguments, StepDefaults defaults) {
        Args step = Args.of("", arguments).only(KEYS);
        String app = step.requiredString("app");
        try {
            BlueGreenPlan.Builder plan = BlueGreenPlan.builder(defaults.namespace(step), app);
            step.stringMap("images").forEach(plan::image);
            step.strings("activeServices").forEach(plan::activeService);
            if (step.has("previewService")) {
                plan.previewService(step.requiredString("previewService"));
            }
            plan.previewReplicas(step.integer("previewReplicas"));
            // Every check goes through the preview Service; the name here only has to be valid. Not the app's: an
            // invalid app name must be refused as "app", not as the health check's service.
            HealthCheckArgs.list("healthChecks", step.raw("healthChecks"), "preview").forEach(plan::healthCheck);
            plan.prePromotion(AnalysisArgs.plan("prePromotion", step.raw("prePromotion"), defaults.gateConditions()));
            plan.approval(ApprovalArgs.of("approval", step.raw("approval"), APPROVAL_ID, "", defaults.approvers()));
            plan.postSwitch(AnalysisArgs.plan("postSwitch", step.raw("postSwitch"), defaults.gateConditions()));
            if (step.has("scaleDownDelay")) {
                plan.scaleDownDelay(step.duration("scaleDownDelay"));
            }
            if (step.has("progressDeadline")) {
                plan.progressDeadline(step.duration("progressDeadline"));
            }
            plan.hooks(HookArgs.of(HookSpec.Phase.PRE, step.raw("preHook")), HookArgs.of(HookSpec.Phase.POST, step.raw("postHook")));
            plan.previewTest(HookArgs.of(HookSpec.Phase.STEP, "previewTest", step.raw("previewTest")));
            return plan.holder(defaults.holder()).build();
        } catch (PlanException e) {
            throw StepArgumentException.under("", null, e.getMessage());
        }
    }
}
