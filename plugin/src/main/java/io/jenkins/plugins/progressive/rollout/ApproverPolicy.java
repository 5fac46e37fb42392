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
 *   <li>with separation of duties, never the user who started the build nor an author of its changes,
 *       administrators included: a rule that an administrator can step around by approving their own release is not
 *       a control an auditor accepts.
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

    /** Who a build belongs to: the user who started it (null for timers, SCM, upstream) and its changes' authors. */
    public record BuildPeople(String startedBy, List<String> authors) {
        public static final BuildPeople NOBODY = new BuildPeople(null, List.of());

        public BuildPeople {
            authors = List.copyOf(authors == null ? List.of() : authors);
        }
    }

    /** The answer, with the reason shown to a refused user. */
    public record Verdict(boolean allowed, String reason) {
    }

    /**
     * @param build who started the build and who wrote its changes
     * @param sameUser the realm's user-id comparison
     * @param sameGroup the realm's group-name comparison
     */
    public Verdict check(Approver who, BuildPeople build, BiPredicate<String, String> sameUser,
            BiPredicate<String, String> sameGroup) {
        if (separationOfDuties && build.startedBy() != null && sameUser.test(build.startedBy(), who.id())) {
            return new Verdict(false, who.id() + " started this build; separation of duties requires someone else to approve");
        }
        if (separationOfDuties && build.authors().stream().anyMatch(author -> sameUser.test(author, who.id()))) {
            return new Verdict(false, who.id() + " wrote changes in this build; separation of duties requires someone else"
                    + " to approve");
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
