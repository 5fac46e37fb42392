package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.VersionReplicas;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the recorder turns canary and blue/green events into the track, the traffic samples and the approvals. */
class StrategySnapshotRecorderTest {

    @Test
    void aPromotedCanaryHasOneStopPerPlanStepItsWeightsOverTimeAndThePromotionMarked() {
        RolloutSnapshot s = StrategyFixtures.canaryPromoted();

        assertThat(s.strategy()).isEqualTo("canary");
        assertThat(s.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::kind, TrackStep::label, TrackStep::weight,
                TrackStep::state).containsExactly(
                tuple("step-1", TrackStep.Kind.ROUTE, "header route", 0, TrackStep.State.PASSED),
                tuple("step-2", TrackStep.Kind.WEIGHT, "5%", 5, TrackStep.State.PASSED),
                tuple("step-3", TrackStep.Kind.PAUSE, "pause 60 s", 5, TrackStep.State.PASSED),
                tuple("step-4", TrackStep.Kind.ANALYSIS, "analysis", 5, TrackStep.State.PASSED),
                tuple("step-5", TrackStep.Kind.WEIGHT, "25%", 25, TrackStep.State.PASSED),
                tuple("step-6", TrackStep.Kind.ANALYSIS, "analysis", 25, TrackStep.State.PASSED),
                tuple("step-7", TrackStep.Kind.APPROVAL, "approval", 25, TrackStep.State.PASSED),
                tuple("step-8", TrackStep.Kind.WEIGHT, "100%", 100, TrackStep.State.PASSED),
                tuple("promote", TrackStep.Kind.PHASE, "promote", null, TrackStep.State.PASSED));
        assertThat(s.steps().get(0).detail()).isEqualTo("route header x-beta=1 to the canary");
        assertThat(s.steps().get(6).outcome()).isEqualTo("approval approved by alice: error rate flat, go");
        assertThat(s.traffic().routing()).isEqualTo("gateway-api");
        assertThat(s.traffic().samples()).extracting(t -> t.weights().get(0).percent(), t -> t.weights().get(1).percent(),
                RolloutSnapshot.TrafficSample::marker).containsExactly(tuple(0.0, 100.0, null), tuple(5.0, 95.0, null),
                tuple(25.0, 75.0, null), tuple(100.0, 0.0, null), tuple(100.0, 0.0, "promotion"));
        assertThat(s.traffic().samples().get(0).time()).isEqualTo(s.startedAt());
        assertThat(s.approvals()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("approved");
            assertThat(a.by()).isEqualTo("alice");
            assertThat(a.comment()).isEqualTo("error rate flat, go");
            assertThat(a.id()).isEqualTo("promote-100");
            assertThat(a.actionable()).isFalse();
            assertThat(a.decidedAt()).isEqualTo(a.requestedAt().plusSeconds(95));
        });
        assertThat(s.checks()).extracting(CheckSeries::name).containsExactly("errorRate");
        assertThat(s.checks().get(0).measurements()).extracting(CheckSeries.Point::step)
                .containsExactly("step-4", "step-4", "step-4", "step-6", "step-6", "step-6");
        // Stable rolled to 2.0 behind the canary: half-way, 5 of its 11 pods ran 2.0 and 6 still 1.0.
        ReplicaSample promoting = s.replicas().get(s.replicas().size() - 3);
        assertThat(promoting.step()).isEqualTo("promote");
        assertThat(promoting.versions()).containsExactly(new ReplicaSample.VersionCount("2.0", 15),
                new ReplicaSample.VersionCount("1.0", 6));
        assertThat(List.of(promoting.desired(), promoting.updated(), promoting.ready(), promoting.available(),
                promoting.total())).containsExactly(20, 15, 20, 20, 21);
        ReplicaSample last = s.replicas().get(s.replicas().size() - 1);
        assertThat(last.versions()).containsExactly(new ReplicaSample.VersionCount("2.0", 10));
        assertThat(last.deployments()).extracting(VersionReplicas::role, VersionReplicas::version,
                VersionReplicas::desired, VersionReplicas::available).containsExactly(tuple("stable", "2.0", 10, 10),
                tuple("canary", "2.0", 0, 0));
    }

    @Test
    void aCanarysReplicaCountsAreSampledPerDeploymentSummedAndSplitIntoVersions() {
        RolloutSnapshot s = StrategyFixtures.canaryRolledBack();

        assertThat(s.replicas()).extracting(ReplicaSample::step, r -> r.deployments().get(1).desired(),
                r -> r.deployments().get(1).available()).containsExactly(tuple("step-2", 0, 0), tuple("step-2", 1, 0),
                tuple("step-2", 1, 1), tuple("step-5", 3, 1), tuple("step-5", 3, 3), tuple("rollback", 0, 3),
                tuple("rollback", 0, 0));
        ReplicaSample at25 = s.replicas().get(4);
        assertThat(at25.deployments()).containsExactly(StrategyFixtures.STABLE,
                new VersionReplicas("canary", "checkout-canary", "2.0", null, 3, 3, 3, 3, 3));
        assertThat(List.of(at25.desired(), at25.updated(), at25.ready(), at25.available(), at25.total()))
                .containsExactly(13, 13, 13, 13, 13);
        // The new version first, as for a rolling update.
        assertThat(at25.versions()).containsExactly(new ReplicaSample.VersionCount("2.0", 3),
                new ReplicaSample.VersionCount("1.0", 10));
        assertThat(s.replicas().get(s.replicas().size() - 1).versions()).containsExactly(
                new ReplicaSample.VersionCount("2.0", 0), new ReplicaSample.VersionCount("1.0", 10));
    }

    @Test
    void aProgressEventOfOneDeploymentIsNotTakenForACanarysVersions() {
        SnapshotRecorder recorder = SnapshotRecorder.forCanary(StrategyFixtures.canaryPlan(), "1.0", null,
                java.time.Clock.systemUTC());
        recorder.onEvent(new RolloutEvent.Progress(java.time.Instant.now(), new RolloutStatus(RolloutPhase.COMPLETE,
                "done", 3, 3, 3, 3, 3), 1, 1, 3, "checkout-canary: 3 of 3 available"));

        assertThat(recorder.snapshot().replicas()).isEmpty();
    }

    @Test
    void aCanaryRolledBackAtTwentyFivePercentFailsThatStepAndSendsEveryRequestBack() {
        RolloutSnapshot s = StrategyFixtures.canaryRolledBack();

        assertThat(s.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(s.reason()).isEqualTo(StrategyFixtures.CANARY_ROLLED_BACK);
        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("step-1", TrackStep.State.PASSED), tuple("step-2", TrackStep.State.PASSED),
                tuple("step-3", TrackStep.State.PASSED), tuple("step-4", TrackStep.State.PASSED),
                tuple("step-5", TrackStep.State.PASSED), tuple("step-6", TrackStep.State.FAILED),
                tuple("step-7", TrackStep.State.PENDING), tuple("step-8", TrackStep.State.PENDING),
                tuple("promote", TrackStep.State.PENDING), tuple("rollback", TrackStep.State.PASSED));
        assertThat(s.steps().get(5).outcome()).startsWith(StrategyFixtures.CANARY_FAILED);
        assertThat(s.steps().get(9).outcome()).isEqualTo("back on 1.0: 100% of requests");
        RolloutSnapshot.TrafficSample last = s.traffic().samples().get(s.traffic().samples().size() - 1);
        assertThat(last.marker()).isEqualTo("rollback");
        assertThat(last.weights()).containsExactly(new RolloutSnapshot.Weight("2.0", 0), new RolloutSnapshot.Weight("1.0", 100));
        assertThat(s.approvals()).isEmpty();
    }

    @Test
    void whileAnApprovalIsPendingTheRolloutAwaitsItTheStepIsHaltedAndTheApprovalIsActionable() {
        RolloutSnapshot s = StrategyFixtures.canaryAwaitingApproval();

        assertThat(s.state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        assertThat(s.finishedAt()).isNull();
        assertThat(s.steps().get(6)).extracting(TrackStep::id, TrackStep::state).containsExactly("step-7",
                TrackStep.State.HALTED);
        assertThat(s.approvals()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("pending");
            assertThat(a.gate()).isEqualTo("Promote checkout 2.0 to 100%?");
            assertThat(a.approvers()).containsExactly("release-managers", "bob");
            assertThat(a.facts()).hasSize(2);
            assertThat(a.actionable()).isTrue();
        });
        assertThat(s.withoutActions().approvals()).extracting(RolloutSnapshot.Approval::actionable).containsExactly(false);
        assertThat(SnapshotJson.read(SnapshotJson.write(s))).isEqualTo(s);
    }

    @Test
    void aRolloutEndingWhileAnApprovalIsPendingCancelsItSoNobodyIsAskedAnyMore() {
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.forCanary(StrategyFixtures.canaryPlan(), "1.0",
                null, clock)).phase("step 7 of 8", "approval").askApproval(StrategyFixtures.PROMOTE).after(10)
                .phase("rolling back", "aborted: build aborted by carol; sending all traffic to stable");

        RolloutSnapshot s = r.end("rolled back", RolloutState.ROLLED_BACK, "aborted: build aborted by carol; all traffic "
                + "is back on stable and the canary was scaled down");

        assertThat(s.approvals()).extracting(RolloutSnapshot.Approval::state, RolloutSnapshot.Approval::actionable)
                .containsExactly(tuple("cancelled", false));
        assertThat(s.steps()).filteredOn(t -> t.id().equals("step-7")).extracting(TrackStep::state)
                .containsExactly(TrackStep.State.FAILED);
    }

    @Test
    void aBlueGreenReleaseSwitchedBackShowsItsPhasesTheSwitchAndTheSwitchBack() {
        RolloutSnapshot s = StrategyFixtures.blueGreenSwitchedBack();

        assertThat(s.strategy()).isEqualTo("blue-green");
        assertThat(s.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::label, TrackStep::state).containsExactly(
                tuple("deploy", "deploy", TrackStep.State.PASSED), tuple("checks", "checks", TrackStep.State.PASSED),
                tuple("approval", "approval", TrackStep.State.PASSED), tuple("switch", "switch", TrackStep.State.PASSED),
                tuple("watch", "watch", TrackStep.State.FAILED), tuple("scale-down", "scale down", TrackStep.State.PENDING),
                tuple("rollback", "switch back", TrackStep.State.PASSED));
        assertThat(s.steps().get(4).outcome()).startsWith(StrategyFixtures.SWITCH_BACK_WHY);
        assertThat(s.traffic().routing()).isEqualTo("service-selector");
        assertThat(s.traffic().samples()).extracting(t -> t.weights().get(0).percent(), RolloutSnapshot.TrafficSample::marker)
                .containsExactly(tuple(0.0, null), tuple(100.0, "promotion"), tuple(0.0, "rollback"));
        assertThat(s.approvals()).extracting(RolloutSnapshot.Approval::gate, RolloutSnapshot.Approval::state,
                RolloutSnapshot.Approval::by, RolloutSnapshot.Approval::comment)
                .containsExactly(tuple("Switch web to green?", "approved", "bob", null));
        assertThat(s.checks().get(0).measurements()).extracting(CheckSeries.Point::step, CheckSeries.Point::verdict)
                .containsExactly(tuple("watch", "pass"), tuple("watch", "fail"));
        // A stop without a decision of its own says where the replicas stood when it ended.
        assertThat(s.steps().get(0).outcome()).isEqualTo("blue 1.0: 4 of 4 available, green 2.0: 4 of 4 available");
        assertThat(s.replicas()).extracting(ReplicaSample::step, r -> r.deployments().get(1).desired(),
                r -> r.deployments().get(1).ready(), ReplicaSample::available).containsExactly(tuple("deploy", 4, 0, 4),
                tuple("deploy", 4, 2, 6), tuple("deploy", 4, 4, 8), tuple("rollback", 0, 4, 8), tuple("rollback", 0, 0, 4));
        assertThat(s.replicas().get(2).versions()).containsExactly(new ReplicaSample.VersionCount("2.0", 4),
                new ReplicaSample.VersionCount("1.0", 4));
    }

    @Test
    void stopsAPlanLeavesOutAreNotOnTheTrack() {
        SnapshotPlan plain = BlueGreenSnapshots.plan(io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan
                .builder("shop", "web").image("app", "shop/web:2.0").scaleDownDelay(java.time.Duration.ZERO).build(), null, null);

        assertThat(plain.track()).extracting(PlannedStep::id).containsExactly("adopt", "deploy", "checks", "switch",
                "rollback");
        assertThat(plain.track()).filteredOn(PlannedStep::optional).extracting(PlannedStep::id)
                .containsExactly("adopt", "rollback");
        assertThat(List.of(plain.routing(), plain.toVersion())).containsExactly("service-selector", "2.0");
    }
}
