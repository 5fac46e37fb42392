package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class ApproverPolicyTest {
    private static final BiPredicate<String, String> CASE_INSENSITIVE = String::equalsIgnoreCase;
    private static final BiPredicate<String, String> EXACT = String::equals;
    private static final ApproverPolicy.BuildPeople NOBODY = ApproverPolicy.BuildPeople.NOBODY;

    private static ApproverPolicy.Approver user(String id, List<String> groups, boolean admin, boolean mayBuild) {
        return new ApproverPolicy.Approver(id, groups, admin, mayBuild);
    }

    private static ApproverPolicy.Verdict check(List<String> cluster, List<String> request, ApproverPolicy.Approver who) {
        return new ApproverPolicy(cluster, false).check(who, NOBODY, request, CASE_INSENSITIVE, EXACT);
    }

    @Test
    void theRequestsOwnApproversDecideWhenOnlyTheStepListsThem() {
        // The hole found in a real Jenkins: a step listing approvers on a cluster without any let whoever may build.
        List<String> step = List.of(" alice", "release-managers ");
        ApproverPolicy.Verdict mallory = check(List.of(), step, user("mallory", List.of("developers"), false, true));
        assertThat(mallory.allowed()).isFalse();
        assertThat(mallory.reason()).isEqualTo("only alice, release-managers may decide this approval");
        assertThat(check(List.of(), step, user("Alice", List.of(), false, false)).allowed()).isTrue();
        assertThat(check(List.of(), step, user("bob", List.of("release-managers"), false, false)).reason())
                .isEqualTo("member of release-managers");
        assertThat(check(List.of(), step, user("root", List.of(), true, true)).reason()).isEqualTo("administrator");
    }

    @Test
    void theClustersApproversDecideWhenOnlyTheClusterListsThem() {
        List<String> cluster = List.of("release-managers");
        assertThat(check(cluster, List.of(), user("bob", List.of("release-managers"), false, false)).allowed()).isTrue();
        ApproverPolicy.Verdict mallory = check(cluster, List.of(), user("mallory", List.of("developers"), false, true));
        assertThat(mallory.allowed()).isFalse();
        assertThat(mallory.reason()).isEqualTo("only release-managers may decide approvals on this cluster");
    }

    @Test
    void withBothListsAUserMustBeOnBothTheStepNarrowsButNeverWidens() {
        List<String> cluster = List.of("release-managers");
        List<String> step = List.of("payments-leads", "carol");
        ApproverPolicy.Approver both = user("dana", List.of("release-managers", "payments-leads"), false, false);
        ApproverPolicy.Approver stepOnly = user("carol", List.of("developers"), false, true);
        ApproverPolicy.Approver clusterOnly = user("bob", List.of("release-managers"), false, true);

        assertThat(check(cluster, step, both).allowed()).isTrue();
        assertThat(check(cluster, step, both).reason()).isEqualTo("member of payments-leads");
        ApproverPolicy.Verdict widened = check(cluster, step, stepOnly);
        assertThat(widened.allowed()).as("a Jenkinsfile cannot add approvers to a cluster").isFalse();
        assertThat(widened.reason()).isEqualTo("only release-managers may decide approvals on this cluster");
        ApproverPolicy.Verdict narrowed = check(cluster, step, clusterOnly);
        assertThat(narrowed.allowed()).as("the step's narrower list applies").isFalse();
        assertThat(narrowed.reason()).isEqualTo("only payments-leads, carol may decide this approval");
    }

    @Test
    void withNoApproversAnywhereWhoeverMayBuildDecides() {
        assertThat(check(List.of(), List.of(), user("dev", List.of(), false, true)).allowed()).isTrue();
        ApproverPolicy.Verdict viewer = check(List.of(), List.of(), user("viewer", List.of(), false, false));
        assertThat(viewer.allowed()).isFalse();
        assertThat(viewer.reason()).isEqualTo("viewer may not build this job");
        assertThat(check(null, null, user("dev", List.of(), false, true)).allowed()).isTrue();
    }

    @Test
    void separationOfDutiesRefusesEveryStarterEvenAnAdministrator() {
        ApproverPolicy policy = new ApproverPolicy(List.of("release-managers"), true);
        ApproverPolicy.BuildPeople started = new ApproverPolicy.BuildPeople(List.of("erin", "ALICE"), List.of());
        ApproverPolicy.Verdict own = policy.check(user("alice", List.of("release-managers"), true, true), started,
                List.of(), CASE_INSENSITIVE, EXACT);
        assertThat(own.allowed()).isFalse();
        assertThat(own.reason()).isEqualTo("alice started this build; separation of duties requires someone else to approve");
        assertThat(policy.check(user("bob", List.of("release-managers"), false, false), started, List.of(),
                CASE_INSENSITIVE, EXACT).allowed()).isTrue();
        assertThat(new ApproverPolicy(List.of("alice"), false).check(user("alice", List.of(), false, false), started,
                List.of(), CASE_INSENSITIVE, EXACT).allowed()).as("without separation of duties").isTrue();
    }

    @Test
    void separationOfDutiesRefusesAnAuthorOfTheBuildsChanges() {
        ApproverPolicy policy = new ApproverPolicy(List.of("release-managers"), true);
        ApproverPolicy.BuildPeople build = new ApproverPolicy.BuildPeople(List.of(), List.of("carol", "dave"));
        ApproverPolicy.Verdict author = policy.check(user("Carol", List.of("release-managers"), false, false), build,
                List.of(), CASE_INSENSITIVE, EXACT);
        assertThat(author.allowed()).isFalse();
        assertThat(author.reason()).isEqualTo("Carol wrote changes in this build; separation of duties requires someone"
                + " else to approve");
        assertThat(policy.check(user("erin", List.of("release-managers"), false, false), build, List.of(),
                CASE_INSENSITIVE, EXACT).allowed()).isTrue();
        assertThat(new ApproverPolicy(List.of("release-managers"), false).check(user("carol", List.of("release-managers"),
                false, false), build, List.of(), CASE_INSENSITIVE, EXACT).allowed()).as("without separation of duties")
                .isTrue();
    }
}
