package io.jenkins.plugins.progressive.engine.strategy;

import io.jenkins.plugins.progressive.engine.cluster.WorkloadLease;
import java.util.concurrent.CompletableFuture;

/**
 * How a running rollout is told to stop, whatever the strategy: an abort (the build was aborted), its lease lost
 * (another holder may own the workload), or a background analysis failing. The first reason wins; every wait of the
 * rollout ends early with it ({@link #unlessStopped}), and the strategy then undoes or stops as its rule says.
 * Thread-safe, never blocks.
 */
public final class RolloutStop {

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** Stops the rollout because someone asked to; idempotent, the first reason is kept. */
    public void abort(String reason) {
        fail(new RolloutFailure("aborted", "aborted: " + (reason == null || reason.isBlank() ? "no reason given" : reason)));
    }

    /** Stops the rollout with {@code failure} (a failing background analysis, say) unless it was stopped already. */
    public void fail(Throwable failure) {
        stopped.completeExceptionally(failure);
    }

    /** Stops the rollout when {@code lease} is lost: from then on it must not write. */
    public void onLossOf(WorkloadLease lease) {
        lease.whenLost().thenAccept(reason -> fail(new RolloutFailure("lease", reason)));
    }

    public boolean isStopped() {
        return stopped.isCompletedExceptionally();
    }

    /** Throws the reason the rollout was stopped with, if it was. */
    public void throwIfStopped() {
        if (isStopped()) {
            stopped.join();
        }
    }

    /** Why the rollout was stopped (e.g. {@code aborted: the build was aborted}), or null while it was not. */
    public String reason() {
        if (!isStopped()) {
            return null;
        }
        try {
            stopped.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return RolloutFailure.cause(e).getMessage();
        }
    }

    /** Runs {@code action} once the rollout is stopped (at once if it is). */
    public void whenStopped(Runnable action) {
        stopped.whenComplete((ignored, error) -> {
            if (error != null) {
                action.run();
            }
        });
    }

    /** {@code stage}, which also ends, with the reason, when the rollout is stopped first. */
    public <T> CompletableFuture<T> unlessStopped(CompletableFuture<T> stage) {
        return either(stage, stopped);
    }

    /**
     * A stage that also ends, with the same failure, when {@code stop} fails first: waits that nothing else would end
     * early.
     */
    public static <T> CompletableFuture<T> either(CompletableFuture<T> stage, CompletableFuture<?> stop) {
        CompletableFuture<T> either = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error != null) {
                either.completeExceptionally(error);
            } else {
                either.complete(value);
            }
        });
        stop.whenComplete((ignored, error) -> {
            if (error != null) {
                either.completeExceptionally(error);
            }
        });
        return either;
    }
}
