package io.jenkins.plugins.progressive.engine.cluster;

/**
 * A rollout tried to write after its workload's lease was lost (taken over, deleted, or not renewed within its renew
 * deadline) or released. The write was not sent: another rollout may own the workload now, so this one must stop
 * without undoing anything.
 */
public class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public LeaseLostException(String workload, String leaseName, String reason) {
        super("lost the lease " + leaseName + " of " + workload + ": " + reason + "; write not sent");
        this.reason = reason;
    }

    /** Why the lease was lost, e.g. {@code taken over by https://ci/job/x/13/}. */
    public String reason() {
        return reason;
    }
}
