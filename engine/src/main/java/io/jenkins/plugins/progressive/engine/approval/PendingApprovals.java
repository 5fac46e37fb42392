package io.jenkins.plugins.progressive.engine.approval;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ApprovalGate} for people: requests wait here until {@link #decide} is called (by the plugin's POST
 * handler, after its permission check) or their timeout applies the configured action. Whether the deciding user is
 * among {@link ApprovalRequest#approvers()} is the caller's check, because only Jenkins knows users and groups.
 */
public final class PendingApprovals implements ApprovalGate {

    private record Pending(ApprovalRequest request, CompletableFuture<Approval> answer) {
    }

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public PendingApprovals(ScheduledExecutorService scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Approval> request(ApprovalRequest request) {
        CompletableFuture<Approval> answer = new CompletableFuture<>();
        if (pending.putIfAbsent(request.id(), new Pending(request, answer)) != null) {
            throw new IllegalStateException("approval " + request.id() + " is already pending");
        }
        if (!request.timeout().isZero()) {
            scheduler.schedule(() -> complete(request.id(), new Approval(
                    request.onTimeout() == ApprovalRequest.Decision.APPROVED, "timeout",
                    "nobody decided within " + request.timeout(), clock.instant(), true)),
                    request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return answer;
    }

    /** The requests waiting for a human, for the page. */
    public List<ApprovalRequest> waiting() {
        return pending.values().stream().map(Pending::request).toList();
    }

    public Optional<ApprovalRequest> waiting(String id) {
        return Optional.ofNullable(pending.get(id)).map(Pending::request);
    }

    /**
     * Records a decision.
     *
     * @return false if the request is not (or no longer) pending — already decided or timed out
     */
    public boolean decide(String id, boolean approve, String user, String comment) {
        return complete(id, new Approval(approve, user, comment, clock.instant(), false));
    }

    private boolean complete(String id, Approval approval) {
        Pending waiting = pending.remove(id);
        return waiting != null && waiting.answer().complete(approval);
    }
}
