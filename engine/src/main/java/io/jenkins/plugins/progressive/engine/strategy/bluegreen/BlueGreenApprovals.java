package io.jenkins.plugins.progressive.engine.strategy.bluegreen;

import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The optional approval before the switch: what will switch, filled into the plan's request. */
final class BlueGreenApprovals {

    private BlueGreenApprovals() {
    }

    static CompletableFuture<Approval> ask(RolloutContext context, ApprovalGate gate, BlueGreenPlan plan, Slot from, Slot to) {
        ApprovalRequest configured = plan.approval();
        if (configured == null) {
            return CompletableFuture.completedFuture(new Approval(true, "policy", "no approval required",
                    context.clock().instant(), false));
        }
        List<String> facts = new ArrayList<>(configured.facts());
        facts.add("switch " + String.join(", ", plan.activeServices()) + " from " + from.label() + " to " + to.label());
        plan.images().forEach(i -> facts.add(i.container() + ": " + i.image()));
        ApprovalRequest request = new ApprovalRequest(configured.id(), configured.title().isBlank()
                ? "Switch " + plan.app() + " to " + to.label() + "?" : configured.title(), facts, configured.approvers(),
                configured.timeout(), configured.onTimeout());
        context.listener().onEvent(new RolloutEvent.PhaseChanged(context.clock().instant(), "awaiting approval",
                request.title()));
        context.listener().onEvent(new RolloutEvent.ApprovalRequested(context.clock().instant(), request,
                "waiting for approval: " + request.title()));
        return gate.request(request).thenApply(approval -> {
            context.listener().onEvent(new RolloutEvent.ApprovalDecided(context.clock().instant(), request.id(), approval,
                    "approval " + approval.describe()));
            context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(), "approval " + approval.describe(),
                    approval.approved()));
            return approval;
        });
    }
}
