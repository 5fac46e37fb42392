package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalGate;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.approval.PendingApprovals;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutSnapshot;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotJson;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotRecorder;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A rollout that runs right now on this controller: its pending approvals, who may decide them, the recorder the page
 * polls, and how to abort it. Lives only in memory; after a restart the step execution builds a new one.
 */
public final class LiveRollout implements ApprovalGate {
    private final String runId;
    private final String rolloutId;
    private final PendingApprovals approvals;
    private final ApproverPolicy policy;
    private final ApproverPolicy.BuildPeople people;
    private final List<Decided> decided = new CopyOnWriteArrayList<>();
    private final ApprovalEvents events;
    private volatile SnapshotRecorder recorder;
    private volatile Consumer<String> abort = reason -> { };

    /** A decision as recorded on the build. */
    public record Decided(String gate, String title, Approval approval) {
    }

    /** Told when a request starts waiting (the step marks its Pipeline node paused, logs it) and when it is decided. */
    public interface ApprovalEvents {
        void waiting(ApprovalRequest request);

        void decided(ApprovalRequest request, Approval approval);
    }

    public LiveRollout(String runId, String rolloutId, ScheduledExecutorService scheduler, Clock clock,
            ApproverPolicy policy, ApproverPolicy.BuildPeople people, ApprovalEvents events) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.rolloutId = Objects.requireNonNull(rolloutId, "rolloutId");
        this.approvals = new PendingApprovals(scheduler, clock);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.people = people == null ? ApproverPolicy.BuildPeople.NOBODY : people;
        this.events = Objects.requireNonNull(events, "events");
    }

    static String key(String runId, String rolloutId) {
        return runId + "#" + rolloutId;
    }

    public String key() {
        return key(runId, rolloutId);
    }

    public String rolloutId() {
        return rolloutId;
    }

    public ApproverPolicy policy() {
        return policy;
    }

    public ApproverPolicy.BuildPeople people() {
        return people;
    }

    /** The waiting request with this id, if it still waits. */
    public Optional<ApprovalRequest> waiting(String gate) {
        return approvals.waiting().stream().filter(request -> request.id().equals(gate)).findFirst();
    }

    /**
     * Whether this user may decide that request: the request's own approvers, with the cluster's rules on top.
     *
     * @param sameUser the realm's user-id comparison
     * @param sameGroup the realm's group-name comparison
     */
    public ApproverPolicy.Verdict authorize(ApproverPolicy.Approver who, ApprovalRequest request,
            BiPredicate<String, String> sameUser, BiPredicate<String, String> sameGroup) {
        return policy.check(who, people, request.approvers(), sameUser, sameGroup);
    }

    public void attach(SnapshotRecorder value, Consumer<String> abortHandle) {
        recorder = value;
        abort = abortHandle == null ? reason -> { } : abortHandle;
    }

    public void abort(String reason) {
        abort.accept(reason);
    }

    @Override
    public CompletableFuture<Approval> request(ApprovalRequest request) {
        CompletableFuture<Approval> answer = approvals.request(request);
        events.waiting(request);
        return answer.thenApply(approval -> {
            decided.add(new Decided(request.id(), request.title(), approval));
            events.decided(request, approval);
            return approval;
        });
    }

    public List<ApprovalRequest> waiting() {
        return approvals.waiting();
    }

    public List<Decided> decided() {
        return List.copyOf(decided);
    }

    /**
     * Decides a waiting request; the caller has checked {@link #authorize} for this user and request.
     *
     * @return false if it was not (or no longer) waiting
     */
    public boolean decide(String gate, boolean approve, String user, String comment) {
        return approvals.decide(gate, approve, user, comment);
    }

    /** The snapshot the page polls, or null when this strategy has no recorder. */
    public RolloutSnapshot snapshot() {
        SnapshotRecorder current = recorder;
        return current == null ? null : current.snapshot();
    }

    /**
     * @param withActions whether pending approvals keep their buttons: only for someone the policy lets decide, so
     *     that nobody is offered a button the server would refuse
     */
    public String snapshotJson(boolean withActions) {
        return snapshotJson(id -> withActions);
    }

    /** The snapshot with buttons only on the approvals this viewer may decide. */
    public String snapshotJson(Predicate<String> mayDecide) {
        RolloutSnapshot snapshot = snapshot();
        return snapshot == null ? null : SnapshotJson.write(snapshot.actionableFor(mayDecide));
    }
}
