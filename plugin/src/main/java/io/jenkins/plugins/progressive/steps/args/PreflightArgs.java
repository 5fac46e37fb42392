package io.jenkins.plugins.progressive.steps.args;

import io.jenkins.plugins.progressive.engine.analysis.PreflightPolicy;
import java.time.Duration;

/**
 * {@code preflight: [allowUnmeasured: true, timeout: '10s']}: how the metric-gate preflight treats a Prometheus that
 * cannot be asked before a release writes anything (docs/validation.md, "Preflight"). Left out: such a Prometheus
 * refuses the release, each gate query may take 5 s. A query Prometheus rejects refuses the release either way.
 */
public final class PreflightArgs {

    /** The step parameter. */
    public static final String KEY = "preflight";

    private PreflightArgs() {}

    /** @return the policy; {@link PreflightPolicy#DEFAULT} when {@code value} is null */
    public static PreflightPolicy of(Object value) {
        if (value == null) {
            return PreflightPolicy.DEFAULT;
        }
        Args args = Args.of(KEY, value).only("allowUnmeasured", "timeout");
        PreflightPolicy policy = PreflightPolicy.DEFAULT;
        Boolean allow = args.bool("allowUnmeasured");
        if (allow != null) {
            policy = policy.withAllowUnmeasured(allow);
        }
        Duration timeout = args.duration("timeout");
        if (timeout != null) {
            if (timeout.compareTo(PreflightPolicy.MIN_TIMEOUT) < 0 || timeout.compareTo(PreflightPolicy.MAX_TIMEOUT) > 0) {
                throw new StepArgumentException(args.path("timeout"), "must be between 100ms and 60s, was '"
                        + args.raw("timeout") + "'");
            }
            policy = policy.withTimeout(timeout);
        }
        return policy;
    }
}
