package io.jenkins.plugins.progressive.engine.approval;

import java.util.concurrent.CompletableFuture;

/**
 * Where a rollout asks a human. The engine only asks and waits (without a thread); the plugin shows the request on
 * the build page with Approve/Reject buttons and completes it; tests and pipelines without approvals answer by policy.
 */
@FunctionalInterface
public interface ApprovalGate {

    /** Approves everything at once, as the policy of a pipeline that asked for no approval. */
    ApprovalGate AUTOMATIC = request -> CompletableFuture.completedFuture(
            new Approval(true, "policy", "no approval required", java.time.Instant.now(), false));

    /** Completes with the decision; never exceptionally. */
    CompletableFuture<Approval> request(ApprovalRequest request);
}
