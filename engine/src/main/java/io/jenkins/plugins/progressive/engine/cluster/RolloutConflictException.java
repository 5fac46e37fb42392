package io.jenkins.plugins.progressive.engine.cluster;

/**
 * Another rollout holds the workload's lease: starting a second one would have two state machines move the same
 * Deployment. The message names the workload, the other holder (e.g. its build URL) and how fresh its lease is, so
 * the person reading the build log knows whom to ask, or which lease to delete if that rollout is truly gone.
 */
public class RolloutConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String holder;
    private final String leaseName;

    public RolloutConflictException(String message, String holder, String leaseName) {
        super(message);
        this.holder = holder;
        this.leaseName = leaseName;
    }

    /** Who holds the lease, as it identified itself (a build URL); empty if the race was lost to an unknown writer. */
    public String holder() {
        return holder;
    }

    /** The name of the Lease object, in the workload's namespace. */
    public String leaseName() {
        return leaseName;
    }
}
