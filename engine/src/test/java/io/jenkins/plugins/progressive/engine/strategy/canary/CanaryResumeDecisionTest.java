package io.jenkins.plugins.progressive.engine.strategy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.progressive.engine.traffic.HeaderRoute;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a restarted canary does with the record it finds, decided without a cluster: the record is given, the clock is
 * a fixed instant. The crash test (campaign.CrashResumeTest) checks the same decisions against the sandbox.
 */
class CanaryResumeDecisionTest {

    private static final String HOLDER = "https://ci.example/job/web/7/";
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final HeaderRoute BETA = HeaderRoute.header("beta", "x-beta", "1");
    private static final CanaryPlan PLAN = plan(HOLDER, List.of(new CanaryStep.SetWeight(20),
            new CanaryStep.SetHeaderRoute(BETA), new CanaryStep.SetWeight(50), new CanaryStep.Pause(Duration.ofMinutes(5)),
            new CanaryStep.SetWeight(100)));

    @Test
    void noRecordIsANewWalk() {
        assertThat(CanaryResume.decide(PLAN, null)).isEqualTo(CanaryResume.Decision.NONE);
    }

    @Test
    void thisHoldersUnfinishedWalkOfThisPlanContinues() {
        assertThat(CanaryResume.decide(PLAN, walking(2, 20))).isEqualTo(CanaryResume.Decision.CONTINUE);
        assertThat(CanaryResume.decide(PLAN, begun().promoting(5, 100))).isEqualTo(CanaryResume.Decision.CONTINUE);
    }

    @Test
    void aWalkThatWasBeingRolledBackIsRolledBackNeverWalkedOn() {
        assertThat(CanaryResume.decide(PLAN, walking(2, 20).rollingBack())).isEqualTo(CanaryResume.Decision.ROLL_BACK);
        assertThat(CanaryResume.decide(PLAN, begun().promoting(5, 100).rollingBack()))
                .isEqualTo(CanaryResume.Decision.ROLL_BACK);
    }

    @Test
    void anEndedWalkIsReportedAndAnotherHoldersOrPlansWalkIsStale() {
        assertThat(CanaryResume.decide(PLAN, walking(4, 50).ended(CanaryState.PROMOTED))).isEqualTo(CanaryResume.Decision.ENDED);
        assertThat(CanaryResume.decide(PLAN, walking(4, 50).ended(CanaryState.ROLLED_BACK)))
                .isEqualTo(CanaryResume.Decision.ENDED);
        CanaryPlan other = plan("https://ci.example/job/web/8/", PLAN.steps());
        assertThat(CanaryResume.decide(other, walking(2, 20))).isEqualTo(CanaryResume.Decision.STALE);
        assertThat(CanaryResume.decide(other, walking(2, 20).ended(CanaryState.PROMOTED))).isEqualTo(CanaryResume.Decision.NONE);
        CanaryPlan changed = plan(HOLDER, List.of(new CanaryStep.SetWeight(10), new CanaryStep.SetWeight(100)));
        assertThat(CanaryResume.decide(changed, walking(1, 20))).isEqualTo(CanaryResume.Decision.STALE);
        assertThat(CanaryResume.decide(changed, walking(1, 20).rollingBack())).isEqualTo(CanaryResume.Decision.STALE);
    }

    @Test
    void aWeightStepInProgressGoesOnToItsOwnWeightNeverBackToTheRecordedOne() {
        // Step 3 (50%) was in progress: its route write may have landed. The walk goes on with that step; the 20% the
        // record holds is where traffic was when the step began, not a weight to write again.
        assertThat(CanaryResume.describe(PLAN, walking(2, 20), NOW)).isEqualTo("resuming after a restart at step 3 of 5 "
                + "(set weight 50%), 2 steps done; traffic was at 20% to the canary when that step began; that step was moving "
                + "traffic to 50% and goes on from what the cluster holds, repeating no write that took effect");
    }

    @Test
    void aPauseInProgressWaitsOnlyWhatIsLeftOfItAndNeverLongerThanItsDuration() {
        CanaryStep pause = PLAN.steps().get(3);
        CanaryState inPause = walking(3, 50, NOW.plusSeconds(100).toEpochMilli());
        assertThat(CanaryResume.remaining(inPause, 3, pause, NOW)).isEqualTo(Duration.ofSeconds(100));
        assertThat(CanaryResume.remaining(inPause, 3, pause, NOW.plusSeconds(400))).isEqualTo(Duration.ZERO);
        // A clock that jumped back a day cannot make the 5-minute pause longer than 5 minutes.
        assertThat(CanaryResume.remaining(inPause, 3, pause, NOW.minus(Duration.ofDays(1)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(CanaryResume.remaining(inPause, 4, PLAN.steps().get(4), NOW)).as("not the step in progress").isNull();
        assertThat(CanaryResume.describe(PLAN, inPause, NOW)).endsWith("traffic stays at 50% to the canary; the pause in "
                + "progress waits its remaining 100 s");
    }

    @Test
    void theCompletedStepsHeaderRoutesAreKeptAndTheStepsNotReachedAreNot() {
        assertThat(CanaryResume.headerRoutes(PLAN, 1)).isEmpty();
        assertThat(CanaryResume.headerRoutes(PLAN, 2)).containsExactly(BETA);
        assertThat(CanaryResume.headerRoutes(PLAN, 5)).containsExactly(BETA);
    }

    @Test
    void theRecordKeepsStablesImagesFromBeforeTheWalkAcrossItsPhases() {
        CanaryState record = begun().at(2, 0, 20).promoting(5, 100).rollingBack();
        assertThat(CanaryState.read(deploymentWith(record))).isEqualTo(record);
        assertThat(record.stableImages()).containsEntry("app", "shop/web:1.0");
        assertThat(record.phase()).isEqualTo(CanaryState.ROLLING_BACK);
        assertThat(record.weight()).isEqualTo(100);
    }

    private static CanaryState begun() {
        return CanaryState.begin(PLAN, 10, Map.of("app", "shop/web:1.0"));
    }

    private static CanaryState walking(int step, int weight) {
        return walking(step, weight, 0);
    }

    private static CanaryState walking(int step, int weight, long pauseUntil) {
        return begun().at(step, pauseUntil, weight);
    }

    private static io.fabric8.kubernetes.api.model.apps.Deployment deploymentWith(CanaryState state) {
        return new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("web-canary")
                .addToAnnotations(CanaryState.ANNOTATION, state.toJson()).endMetadata().build();
    }

    private static CanaryPlan plan(String holder, List<CanaryStep> steps) {
        return new CanaryPlan("shop", "web", List.of(new ImageChange("app", "shop/web:2.0")), RouterSpec.Kind.GATEWAY_API,
                "web", steps, null, 0, null, holder);
    }
}
