package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTarget;
import io.jenkins.plugins.progressive.engine.analysis.GatePreflight;
import io.jenkins.plugins.progressive.engine.strategy.MetricGatePreflight;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.ArrayList;
import java.util.List;

/**
 * What the metric-gate preflight of a blue/green release asks, found by reads only: the release takes its lock and
 * may create the blue slot (adoption) and the preview Service in its very first steps, so the gates are rendered
 * before that, from the Services' live slot (or, for a first release, the plain Deployment it adopts). A release of this holder
 * found on a slot Deployment continues after a restart and has written already: its gates are not asked again.
 */
final class BlueGreenPreflight {

    private BlueGreenPreflight() {
    }

    /** Why the release must not start, or null. */
    static String refusal(RolloutContext context, BlueGreenPlan plan) {
        if (plan.prePromotion() == null && plan.postSwitch() == null) {
            return null;
        }
        for (Slot slot : Slot.values()) {
            Deployment deployment = deployment(context, plan, plan.deployment(slot));
            if (deployment != null && BlueGreenState.read(deployment, plan.holder()) != null) {
                return null;
            }
        }
        return MetricGatePreflight.refusal(context, gates(context, plan));
    }

    private static List<GatePreflight.Gates> gates(RolloutContext context, BlueGreenPlan plan) {
        Slot live = liveSlot(context, plan);
        // First release: <app>-blue is made from the plain Deployment and goes live, the release goes to green.
        Deployment running = deployment(context, plan, live == null ? plan.app() : plan.deployment(live));
        Slot serving = live == null ? Slot.BLUE : live;
        Slot target = serving.other();
        String container = plan.images().get(0).container();
        AnalysisTarget newSlot = AnalysisTarget.of(plan.namespace(), plan.app(), ImageChange.tagOf(plan.images().get(0).image()),
                plan.deployment(target) + "-.*");
        List<GatePreflight.Gates> gates = new ArrayList<>();
        if (plan.prePromotion() != null) {
            AnalysisTarget checked = newSlot;
            if (plan.prePromotion().isComparative()) {
                checked = newSlot.withBaseline(version(running, container), plan.deployment(serving) + "-.*");
            }
            gates.add(GatePreflight.Gates.at("prePromotion", plan.prePromotion(), checked));
        }
        if (plan.postSwitch() != null) {
            gates.add(GatePreflight.Gates.at("postSwitch", plan.postSwitch(), newSlot));
        }
        return gates;
    }

    /** The slot the active Services agree on, or null (a first release, or something the release itself refuses). */
    private static Slot liveSlot(RolloutContext context, BlueGreenPlan plan) {
        Service first = context.client().services().inNamespace(plan.namespace()).withName(plan.activeServices().get(0)).get();
        return first == null ? null : Slot.of(BlueGreenTopology.selector(first).get(BlueGreenTopology.SLOT));
    }

    private static String version(Deployment deployment, String container) {
        if (deployment == null) {
            return "unknown";
        }
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).map(c -> ImageChange.tagOf(c.getImage())).findFirst()
                .orElse("unknown");
    }

    private static Deployment deployment(RolloutContext context, BlueGreenPlan plan, String name) {
        return context.client().apps().deployments().inNamespace(plan.namespace()).withName(name).get();
    }
}
