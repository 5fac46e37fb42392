package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.GatePreflight;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * The canary's metric gates as the preflight asks them: every analysis step and the background analysis, against
 * the canary's target (new version, canary pods; stable version and pods as baseline). A gate is named by where the
 * step's parameters put it: {@code steps[3].analysis}, {@code background}; the shorthand {@code steps: [5, 25, 100]}
 * has gates nobody wrote, so they are named by the weight they follow.
 */
final class CanaryPreflight {

    private CanaryPreflight() {
    }

    static List<GatePreflight.Gates> gates(CanaryPlan plan, AnalysisTarget target) {
        List<CanaryStep> steps = plan.steps();
        boolean shorthand = isShorthand(steps);
        List<GatePreflight.Gates> gates = new ArrayList<>();
        int weights = 0;
        for (int i = 0; i < steps.size(); i++) {
            CanaryStep step = steps.get(i);
            if (step instanceof CanaryStep.SetWeight) {
                weights++;
            } else if (step instanceof CanaryStep.Analysis analysis) {
                gates.add(shorthand
                        ? GatePreflight.Gates.described("the default gates after steps[" + (weights - 1) + "] ("
                                + ((CanaryStep.SetWeight) steps.get(i - 1)).percent() + "%)", analysis.plan(), target)
                        : GatePreflight.Gates.at("steps[" + i + "].analysis", analysis.plan(), target));
            }
        }
        if (plan.background() != null) {
            gates.add(GatePreflight.Gates.at("background", plan.background(), target));
        }
        return gates;
    }

    /**
     * Whether the steps are what {@link CanaryPlan#weights} makes of {@code [5, 25, 100]}: weights, each below 100
     * followed by the built-in checks.
     */
    private static boolean isShorthand(List<CanaryStep> steps) {
        List<String> builtIn = BuiltInChecks.all().stream().map(MetricCheck::name).toList();
        for (int i = 0; i < steps.size(); i++) {
            CanaryStep step = steps.get(i);
            if (step instanceof CanaryStep.Analysis analysis) {
                AnalysisPlan gates = analysis.plan();
                if (i == 0 || !(steps.get(i - 1) instanceof CanaryStep.SetWeight)
                        || !gates.checks().stream().map(MetricCheck::name).toList().equals(builtIn)) {
                    return false;
                }
            } else if (!(step instanceof CanaryStep.SetWeight)) {
                return false;
            }
        }
        return true;
    }
}
