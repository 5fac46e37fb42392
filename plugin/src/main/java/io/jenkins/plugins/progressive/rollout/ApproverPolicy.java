package io.jenkins.plugins.progressive.rollout;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Who may decide an approval gate, the input step's rules plus separation of duties:
 * <ul>
 *   <li>with no approvers listed, whoever may build the job;
 *   <li>otherwise a listed user id or a member of a listed group (ids compared the way the security realm compares
 *       them, e.g. case-insensitively);
 *   <li>administrators always;
 *   <li>with separation of duties, never the user who started the build, administrators included: a rule that an
 *       administrator can step around by approving their own release is not a control an auditor accepts.
 * </ul>
 */
public record ApproverPolicy(List<String> approvers, boolean separationOfDuties) {

    public ApproverPolicy {
        approvers = approvers == null ? List.of() : approvers.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Who is asking to decide. */
    public record Approver(String id, Collection<String> groups, boolean administrator, boolean mayBuild) {
        public Approver {
            Objects.requireNonNull(id, "id");
            groups = List.copyOf(groups == null ? List.of() : groups);
        }
    }

    /** The answer, with the reason shown to a refused user. */
    public record Verdict(boolean allowed, String reason) {
    }

    /**
     * @param startedBy the id of the user who started the build, or null (timer, SCM, upstream)
     * @param sameUser the realm's user-id comparison
     * @param sameGroup the realm's group-name comparison
     */
    public Verdict check(Approver who, String startedBy, BiPredicate<String, String> sameUser,
            BiPredicate<String, String> sameGroup) {
        if (separationOfDuties && startedBy != null && sameUser.test(startedBy, who.id())) {
            return new Verdict(false, who.id() + " started this build; separation of duties requires someone else to approve");
        }
        if (who.administrator()) {
            return new Verdict(true, "administrator");
        }
        if (approvers.isEmpty()) {
            return who.mayBuild() ? new Verdict(true, "may build the job")
                    : new Verdict(false, who.id() + " may not build this job");
        }
        for (String approver : approvers) {
            if (sameUser.test(approver, who.id())) {
                return new Verdict(true, "listed approver");
            }
            for (String group : who.groups()) {
                if (sameGroup.test(approver, group)) {
                    return new Verdict(true, "member of " + approver);
                }
            }
        }
        return new Verdict(false, "only " + String.join(", ", approvers) + " may decide this approval");
    }
}
