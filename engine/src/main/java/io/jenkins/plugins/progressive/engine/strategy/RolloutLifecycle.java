package io.jenkins.plugins.progressive.engine.strategy;

import io.jenkins.plugins.progressive.engine.cluster.LeaseFence;
import io.jenkins.plugins.progressive.engine.cluster.RolloutConflictException;
import io.jenkins.plugins.progressive.engine.cluster.WorkloadLease;
import java.util.Objects;

/**
 * What every rollout runs in, whatever its strategy: a client whose writes the workload's lease fences, the journal
 * (phases, decisions, metrics), the stop (an abort, the lease lost, a background analysis failing) and the end, which
 * releases the lease and announces the outcome. The rule every strategy keeps with it: refuse before the first write,
 * undo after it, and once the lease is lost stop without an undo (another rollout may own the workload).
 */
public final class RolloutLifecycle {

    private final RolloutContext context;
    private final LeaseFence fence;
    private final RolloutJournal journal;
    private final RolloutStop stop = new RolloutStop();
    private volatile WorkloadLease lease;

    /**
     * @param context what the rollout runs with; its client is wrapped in the lease's fence
     * @param strategy the strategy's name in metrics ({@code canary}, {@code rolling}, {@code bluegreen}, {@code stateful})
     */
    public RolloutLifecycle(RolloutContext context, String strategy) {
        RolloutContext.Fenced fenced = Objects.requireNonNull(context, "context").fenced();
        this.context = fenced.context();
        this.fence = fenced.fence();
        this.journal = new RolloutJournal(this.context, strategy);
    }

    /** The context to run in: every write of its client is checked against the lease. */
    public RolloutContext context() {
        return context;
    }

    public RolloutJournal journal() {
        return journal;
    }

    public RolloutStop stop() {
        return stop;
    }

    /**
     * Takes the workload's lease for {@code holder} (the same holder takes its own lease again: a resumed rollout) and
     * stops the rollout should it ever be lost.
     *
     * @throws RolloutConflictException another holder's lease lives: the rollout must be refused, nothing written
     */
    public WorkloadLease takeLease(String namespace, String kind, String name, String holder) {
        WorkloadLease taken = fence.acquire(namespace, kind, name, holder, context.leaseTtl(), context.scheduler());
        lease = taken;
        stop.onLossOf(taken);
        return taken;
    }

    /** Whether the lease was lost (not merely released): then nothing more may be written, not even an undo. */
    public boolean leaseLost() {
        return fence.isLost();
    }

    /** The outcome's message when the lease of {@code workload} was lost. */
    public String lostMessage(String workload) {
        return fence.lostMessage(workload);
    }

    /** Ends the rollout: the lease released (if taken), the metrics recorded, the outcome announced. */
    public RolloutOutcome finish(RolloutOutcome outcome) {
        journal.finished(outcome.result(), outcome.message(), lease);
        return outcome;
    }
}
