package io.jenkins.plugins.progressive.engine.strategy;

/**
 * What every strategy's plan says: where, which workload, and who rolls it out. A plan is validated when it is built
 * (no I/O); the engine's {@code rollout.Rollout} chooses the strategy by the plan's type.
 */
public interface RolloutPlan {

    /** The namespace of the workload. */
    String namespace();

    /** The workload's name: the Deployment, the StatefulSet, or the app of a blue/green or canary release. */
    String workload();

    /** Who rolls out (the build URL): the lease's holder, and whose interrupted rollout a start continues. */
    String holder();

    /** For the log and the page, e.g. {@code deployment shop/checkout}. */
    String target();
}
