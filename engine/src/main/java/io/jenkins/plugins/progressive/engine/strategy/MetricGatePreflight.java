package io.jenkins.plugins.progressive.engine.strategy;

import io.jenkins.plugins.progressive.engine.analysis.GatePreflight;
import io.jenkins.plugins.progressive.engine.analysis.PreflightPolicy;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The metric-gate preflight as every strategy runs it, at the last moment before its first write (the lease) and
 * never when it continues a rollout after a restart: the gates' queries go to Prometheus once ({@link GatePreflight}),
 * a rejected query refuses the rollout, a Prometheus that cannot be asked refuses it unless the step allows it, and
 * the verdict is logged. It waits for the answers on the calling thread, at most the policy's timeout (all queries
 * run in parallel), as the strategies' other preflight reads do.
 */
public final class MetricGatePreflight {

    /** Beyond the per-query bound, which every answer already honours: only a stalled scheduler could need it. */
    private static final long SLACK_MILLIS = 1_000;

    private MetricGatePreflight() {
    }

    /**
     * @param gates the rollout's analyses, rendered for the versions they will judge; empty when there are none
     * @return why the rollout must not start (the message for a REFUSED outcome), or null when it may
     */
    public static String refusal(RolloutContext context, List<GatePreflight.Gates> gates) {
        if (gates.isEmpty()) {
            return null;
        }
        PreflightPolicy policy = context.preflight();
        GatePreflight.Result result;
        try {
            result = GatePreflight.check(gates, context.prometheus(), policy, context.clock().instant())
                    .get(policy.timeout().toMillis() + SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "metric gate preflight: interrupted. Nothing was changed";
        } catch (ExecutionException | TimeoutException e) {
            QueryResult.Failure late = new QueryResult.Failure(QueryResult.FailureKind.TIMEOUT, "no verdict within "
                    + policy.timeout().toMillis() + " ms");
            List<GatePreflight.Query> queries = GatePreflight.render(gates);
            result = new GatePreflight.Result(queries, 0, List.of(),
                    queries.stream().map(q -> new GatePreflight.Finding(q, late)).toList());
        }
        String refusal = result.refusal(policy);
        if (refusal != null) {
            return refusal;
        }
        String warning = result.warning(policy);
        if (warning != null) {
            context.listener().onEvent(new RolloutEvent.Warning(context.clock().instant(), warning));
        }
        if (result.clean()) {
            context.listener().onEvent(new RolloutEvent.Decision(context.clock().instant(), result.summary(), true));
        }
        return null;
    }
}
