package io.jenkins.plugins.progressive.rollout;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Who may decide an approval gate: the input step's rules, the cluster's rules on top, and separation of duties.
 * <ul>
 *   <li>the request's approvers (the step's {@code approval.approvers}, or the cluster's default when the step lists
 *       none): a listed user id or a member of a listed group (ids compared the way the security realm compares
 *       them, e.g. case-insensitively);
 *   <li>the cluster's approvers as well, when the administrator listed some: a Jenkinsfile may narrow who decides on a
 *       cluster, never widen it, so a user must be on both lists;
 *   <li>with no approvers listed anywhere, whoever may build the job;
 *   <li>administrators always (as the input step lets them);
 *   <li>with separation of duties, never a user who started the build (directly or through the upstream builds that
 *       triggered it) nor an author of its changes, administrators included: a rule that an administrator can step
 *       around by approving their own release is not a control an auditor accepts.
 * </ul>
 *
 * @param clusterApprovers the cluster's approvers (the administrator's list; empty: no cluster restriction)
 */
public record ApproverPolicy(List<String> clusterApprovers, boolean separationOfDuties) {

    public ApproverPolicy {
        clusterApprovers = clean(clusterApprovers);
    }

    /** Who is asking to decide. */
    public record Approver(String id, Collection<String> groups, boolean administrator, boolean mayBuild) {
        public Approver {
            Objects.requireNonNull(id, "id");
            groups = List.copyOf(groups == null ? List.of() : groups);
        }
    }

    /**
     * Who a build belongs to: the users who started it — directly, or by starting an upstream build that triggered
     * it — (empty for builds started by a timer or an SCM change only) and its changes' authors.
     */
    public record BuildPeople(List<String> starters, List<String> authors) {
        public static final BuildPeople NOBODY = new BuildPeople(List.of(), List.of());

        public BuildPeople {
            starters = List.copyOf(starters == null ? List.of() : starters);
            authors = List.copyOf(authors == null ? List.of() : authors);
        }
    }

    /** The answer, with the reason shown to a refused user. */
    public record Verdict(boolean allowed, String reason) {
    }

    /**
     * @param build who started the build and who wrote its changes
     * @param requestApprovers the approvers of the request being decided (empty: none listed)
     * @param sameUser the realm's user-id comparison
     * @param sameGroup the realm's group-name comparison
     */
    public Verdict check(Approver who, BuildPeople build, List<String> requestApprovers, BiPredicate<String, String> sameUser,
            BiPredicate<String, String> sameGroup) {
        if (separationOfDuties && build.starters().stream().anyMatch(starter -> sameUser.test(starter, who.id()))) {
            return new Verdict(false, who.id() + " started this build; separation of duties requires someone else to approve");
        }
        if (separationOfDuties && build.authors().stream().anyMatch(author -> sameUser.test(author, who.id()))) {
            return new Verdict(false, who.id() + " wrote changes in this build; separation of duties requires someone else"
                    + " to approve");
        }
        if (who.administrator()) {
            return new Verdict(true, "administrator");
        }
        List<String> requested = clean(requestApprovers);
        if (requested.isEmpty() && clusterApprovers.isEmpty()) {
            return who.mayBuild() ? new Verdict(true, "may build the job")
                    : new Verdict(false, who.id() + " may not build this job");
        }
        String asked = matching(requested, who, sameUser, sameGroup);
        if (!requested.isEmpty() && asked == null) {
            return new Verdict(false, "only " + String.join(", ", requested) + " may decide this approval");
        }
        String admitted = matching(clusterApprovers, who, sameUser, sameGroup);
        if (!clusterApprovers.isEmpty() && admitted == null) {
            return new Verdict(false, "only " + String.join(", ", clusterApprovers) + " may decide approvals on this cluster");
        }
        String match = asked != null ? asked : admitted;
        return new Verdict(true, sameUser.test(match, who.id()) ? "listed approver" : "member of " + match);
    }

    /** The listed approver (user id or group) that admits this user, or null. */
    private static String matching(List<String> approvers, Approver who, BiPredicate<String, String> sameUser,
            BiPredicate<String, String> sameGroup) {
        for (String approver : approvers) {
            if (sameUser.test(approver, who.id())) {
                return approver;
            }
            for (String group : who.groups()) {
                if (sameGroup.test(approver, group)) {
                    return approver;
                }
            }
        }
        return null;
    }

    private static List<String> clean(List<String> names) {
        return names == null ? List.of() : names.stream().filter(Objects::nonNull).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
