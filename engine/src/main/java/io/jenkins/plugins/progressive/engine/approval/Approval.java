package io.jenkins.plugins.progressive.engine.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * An answer to an {@link ApprovalRequest}.
 *
 * @param approved whether the rollout may go on
 * @param decidedBy the user who decided, or {@code timeout}, or {@code policy} for automatic approvals
 * @param comment what they wrote, may be empty
 * @param at when
 * @param timedOut whether the decision was the request's timeout action
 */
public record Approval(boolean approved, String decidedBy, String comment, Instant at, boolean timedOut) {

    public Approval {
        Objects.requireNonNull(decidedBy, "decidedBy");
        comment = comment == null ? "" : comment;
        Objects.requireNonNull(at, "at");
    }

    public String describe() {
        return (approved ? "approved" : "rejected") + " by " + decidedBy + (timedOut ? " (timeout)" : "")
                + (comment.isEmpty() ? "" : ": " + comment);
    }
}
