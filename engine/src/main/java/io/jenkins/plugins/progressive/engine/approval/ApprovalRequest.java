package io.jenkins.plugins.progressive.engine.approval;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a release manager is asked to decide: a title, the facts (versions, slot, gate results), who may decide, and
 * what happens if nobody does in time.
 *
 * @param id unique within the rollout, URL-safe (the plugin routes approvals by it)
 * @param title e.g. {@code Switch web from blue (1.4) to green (1.5)?}
 * @param facts one line each, shown as a list
 * @param approvers user or group names who may decide; empty means anyone who may run the job
 * @param timeout how long to wait; zero waits forever
 * @param onTimeout what a timeout counts as
 */
public record ApprovalRequest(String id, String title, List<String> facts, List<String> approvers, Duration timeout,
        Decision onTimeout) {

    public ApprovalRequest {
        if (id == null || !id.matches("[A-Za-z0-9._~-]{1,64}")) {
            throw new IllegalArgumentException("approval id must be 1-64 URL-safe characters, was '" + id + "'");
        }
        Objects.requireNonNull(title, "title");
        facts = List.copyOf(facts == null ? List.of() : facts);
        approvers = List.copyOf(approvers == null ? List.of() : approvers);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("approval timeout must not be negative, was " + timeout);
        }
        if (onTimeout == null || onTimeout == Decision.TIMED_OUT) {
            throw new IllegalArgumentException("onTimeout must be APPROVED or REJECTED");
        }
    }

    /** The possible answers. */
    public enum Decision {
        APPROVED,
        REJECTED,
        /** Only as an outcome's cause: the timeout applied {@link ApprovalRequest#onTimeout()}. */
        TIMED_OUT
    }
}
