package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class ApproverPolicyTest {
    private static final BiPredicate<String, String> CASE_INSENSITIVE = String::equalsIgnoreCase;
    private static final BiPredicate<String, String> EXACT = String::equals;

    private static ApproverPolicy.Approver user(String id, List<String> groups, boolean admin, boolean mayBuild) {
        return new ApproverPolicy.Approver(id, groups, admin, mayBuild);
    }

    @Test
    void listedUsersAndGroupMembersMayDecideOthersMayNot() {
        ApproverPolicy policy = new ApproverPolicy(List.of(" alice", "release-managers "), false);
        assertThat(policy.check(user("Alice", List.of(), false, false), ApproverPolicy.BuildPeople.NOBODY, CASE_INSENSITIVE, EXACT).allowed()).isTrue();
        assertThat(policy.check(user("bob", List.of("release-managers"), false, false), ApproverPolicy.BuildPeople.NOBODY, CASE_INSENSITIVE, EXACT).reason())
                .isEqualTo("member of release-managers");
        ApproverPolicy.Verdict mallory = policy.check(user("mallory", List.of("developers"), false, true), ApproverPolicy.BuildPeople.NOBODY,
                CASE_INSENSITIVE, EXACT);
        assertThat(mallory.allowed()).isFalse();
        assertThat(mallory.reason()).isEqualTo("only alice, release-managers may decide this approval");
        assertThat(policy.check(user("root", List.of(), true, true), ApproverPolicy.BuildPeople.NOBODY, CASE_INSENSITIVE, EXACT).allowed()).isTrue();
    }

    @Test
    void withoutApproversWhoeverMayBuildDecides() {
        ApproverPolicy policy = new ApproverPolicy(List.of(), false);
        assertThat(policy.check(user("dev", List.of(), false, true), ApproverPolicy.BuildPeople.NOBODY, EXACT, EXACT).allowed()).isTrue();
        assertThat(policy.check(user("viewer", List.of(), false, false), ApproverPolicy.BuildPeople.NOBODY, EXACT, EXACT).allowed()).isFalse();
    }

    @Test
    void separationOfDutiesRefusesTheBuildsStarterEvenAnAdministrator() {
        ApproverPolicy policy = new ApproverPolicy(List.of("release-managers"), true);
        ApproverPolicy.Verdict own = policy.check(user("alice", List.of("release-managers"), true, true), new ApproverPolicy.BuildPeople("ALICE", List.of()),
                CASE_INSENSITIVE, EXACT);
        assertThat(own.allowed()).isFalse();
        assertThat(own.reason()).contains("separation of duties");
        assertThat(policy.check(user("bob", List.of("release-managers"), false, false), new ApproverPolicy.BuildPeople("alice", List.of()), CASE_INSENSITIVE, EXACT)
                .allowed()).isTrue();
        assertThat(new ApproverPolicy(List.of("alice"), false).check(user("alice", List.of(), false, false), new ApproverPolicy.BuildPeople("alice", List.of()),
                CASE_INSENSITIVE, EXACT).allowed()).isTrue();
    }

    @Test
    void separationOfDutiesRefusesAnAuthorOfTheBuildsChanges() {
        ApproverPolicy policy = new ApproverPolicy(List.of("release-managers"), true);
        ApproverPolicy.BuildPeople build = new ApproverPolicy.BuildPeople(null, List.of("carol", "dave"));
        ApproverPolicy.Verdict author = policy.check(user("Carol", List.of("release-managers"), false, false), build,
                CASE_INSENSITIVE, EXACT);
        assertThat(author.allowed()).isFalse();
        assertThat(author.reason()).isEqualTo("Carol wrote changes in this build; separation of duties requires someone"
                + " else to approve");
        assertThat(policy.check(user("erin", List.of("release-managers"), false, false), build, CASE_INSENSITIVE, EXACT)
                .allowed()).isTrue();
        assertThat(new ApproverPolicy(List.of("release-managers"), false).check(user("carol", List.of("release-managers"),
                false, false), build, CASE_INSENSITIVE, EXACT).allowed()).as("without separation of duties").isTrue();
    }
}
