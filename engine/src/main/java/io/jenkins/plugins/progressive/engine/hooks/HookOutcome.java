package io.jenkins.plugins.progressive.engine.hooks;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a hook Job ended, with the words Kubernetes used for it.
 *
 * @param result succeeded, failed or timed out
 * @param jobName the Job's name in the rollout's namespace, for {@code kubectl logs job/<name>}
 * @param reason the reason of the Job's final condition (e.g. {@code BackoffLimitExceeded}), or the runner's own
 *     ({@code HookTimeout}, {@code ApiError}, {@code InvalidManifest}, {@code JobDeleted}, {@code NameTaken});
 *     empty when Kubernetes gave none
 * @param message the condition's message or the error text; empty when there is none
 * @param duration from the Job's creation (or the start of the run when nothing was created) to the outcome
 */
public record HookOutcome(Result result, String jobName, String reason, String message, Duration duration) {

    /** The closed set of endings. */
    public enum Result {
        /** The Job's condition Complete is True. */
        SUCCEEDED,
        /** The Job failed, or could not be created or followed. */
        FAILED,
        /** The hook's timeout ran out (the runner deleted the Job) or the Job's own deadline did. */
        TIMED_OUT
    }

    public HookOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(jobName, "jobName");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        duration = duration == null || duration.isNegative() ? Duration.ZERO : duration;
    }

    public boolean succeeded() {
        return result == Result.SUCCEEDED;
    }

    /** One line for the build log, e.g. {@code Job db-migration-pre-42 failed after 1.2 s: BackoffLimitExceeded: ...}. */
    public String summary() {
        String verb = switch (result) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case TIMED_OUT -> "timed out";
        };
        String detail = reason.isEmpty() ? message : message.isEmpty() ? reason : reason + ": " + message;
        return "Job " + jobName + " " + verb + " after " + String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0)
                + (detail.isEmpty() ? "" : ": " + detail);
    }
}
