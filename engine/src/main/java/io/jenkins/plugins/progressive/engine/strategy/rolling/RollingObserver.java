package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import java.util.Objects;

/** Turns observed Deployment states into progress events, one per change of the counts (not per watch event). */
final class RollingObserver {

    private final RolloutContext context;
    private final int batches;
    private RolloutStatus last;

    RollingObserver(RolloutContext context, int batches) {
        this.context = context;
        this.batches = batches;
    }

    synchronized void progress(Deployment deployment, int batch, int batchTarget) {
        RolloutStatus status = DeploymentRolloutStatus.of(deployment);
        if (last != null && Objects.equals(last, status)) {
            return;
        }
        last = status;
        String where = batches > 1 ? " [batch " + (batch + 1) + " of " + batches + ": " + batchTarget + " new]" : "";
        context.listener().onEvent(new RolloutEvent.Progress(context.clock().instant(), status, batch + 1, batches,
                batchTarget, status.message() + " (updated " + status.updated() + ", ready " + status.ready()
                        + ", available " + status.available() + " of " + status.desired() + ")" + where));
    }
}
