package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The approvals of a rollout in the order they were asked, from {@link RolloutEvent.ApprovalRequested} and
 * {@link RolloutEvent.ApprovalDecided}; not thread-safe, the {@link SnapshotRecorder} guards it.
 */
final class ApprovalLog {

    private final List<RolloutSnapshot.Approval> approvals = new ArrayList<>();

    void requested(RolloutEvent.ApprovalRequested event) {
        ApprovalRequest request = event.request();
        approvals.add(new RolloutSnapshot.Approval(request.title(), "pending", event.time(), null, null, null,
                request.approvers(), request.id(), request.facts(), true));
    }

    void decided(RolloutEvent.ApprovalDecided event) {
        int at = pendingIndex(event.requestId());
        if (at < 0) {
            return; // decided twice, or a request this recorder never heard of: the first word stands
        }
        RolloutSnapshot.Approval asked = approvals.get(at);
        Approval answer = event.approval();
        String state = answer.timedOut() ? "timed-out" : answer.approved() ? "approved" : "rejected";
        approvals.set(at, new RolloutSnapshot.Approval(asked.gate(), state, asked.requestedAt(), answer.at(),
                answer.timedOut() ? null : answer.decidedBy(), answer.comment().isEmpty() ? null : answer.comment(),
                asked.approvers(), asked.id(), asked.facts(), false));
    }

    /**
     * Takes over the approvals of a snapshot taken before a controller restart. One still pending then is cancelled:
     * its request died with the old engine, and the resumed rollout asks again, as a new entry.
     */
    void seed(List<RolloutSnapshot.Approval> earlier, Instant restartedAt) {
        approvals.addAll(earlier);
        cancelPending(restartedAt);
    }

    /** The rollout ended (an abort, say) while someone was still asked: nobody can decide any more. */
    void cancelPending(Instant at) {
        for (int i = 0; i < approvals.size(); i++) {
            RolloutSnapshot.Approval a = approvals.get(i);
            if ("pending".equals(a.state())) {
                approvals.set(i, new RolloutSnapshot.Approval(a.gate(), "cancelled", a.requestedAt(), at, null, null,
                        a.approvers(), a.id(), a.facts(), false));
            }
        }
    }

    boolean anyPending() {
        return approvals.stream().anyMatch(a -> "pending".equals(a.state()));
    }

    List<RolloutSnapshot.Approval> list() {
        return List.copyOf(approvals);
    }

    private int pendingIndex(String id) {
        for (int i = approvals.size() - 1; i >= 0; i--) {
            if (approvals.get(i).id().equals(id) && "pending".equals(approvals.get(i).state())) {
                return i;
            }
        }
        return -1;
    }
}
