package io.jenkins.plugins.progressive.engine.progress.report;

import static io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict.PASS;
import static io.jenkins.plugins.progressive.engine.event.RolloutEvent.TrafficShifted.Shift.PROMOTION;
import static io.jenkins.plugins.progressive.engine.event.RolloutEvent.TrafficShifted.Shift.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.rolling.InconclusivePolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recorder continuing a snapshot taken before a controller restart, fed the events each strategy emits when it
 * re-attaches: what happened before stays on the page, the re-entered step is not on the track twice, the restart is
 * marked, and a snapshot of another rollout is not continued.
 */
class SnapshotContinuationTest {

    private static final Instant RESTART = ScriptedRollout.START.plusSeconds(3600);

    @Test
    void aCanaryWaitingForItsApprovalAtTheRestartIsAskedAgainAndKeepsEverythingBefore() {
        RolloutSnapshot before = roundTrip(StrategyFixtures.canaryAwaitingApproval());
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.continuing(
                CanarySnapshots.plan(StrategyFixtures.canaryPlan(), "1.0", "prod-eu-west"), clock, before), RESTART);

        RolloutSnapshot resumed = r.recorder.snapshot();
        assertThat(resumed.startedAt()).isEqualTo(ScriptedRollout.START);
        assertThat(resumed.state()).as("the old request died with the old engine").isEqualTo(RolloutState.RUNNING);
        assertThat(resumed.approvals()).extracting(RolloutSnapshot.Approval::state, RolloutSnapshot.Approval::actionable)
                .containsExactly(tuple("cancelled", false));
        assertThat(resumed.events().get(resumed.events().size() - 1)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo("restart");
            assertThat(e.text()).startsWith("controller restarted; re-attached at " + RESTART);
        });

        // What CanaryStage emits on resume: the resume phase, the weight put back (no traffic moves), the step again.
        r.phase("resume", "resuming after a restart at step 7 of 8 (approval: Promote checkout 2.0 to 100%?), 6 steps "
                + "done; traffic stays at 25% to the canary; that step was in progress and runs again from its start")
                .traffic(25, STEP, "the canary gets 25% of requests")
                .decision("traffic: 25% to the canary (3 canary replicas, Gateway API HTTPRoute shop/checkout)", true)
                .phase("step 7 of 8", "approval: " + StrategyFixtures.PROMOTE.title())
                .askApproval(StrategyFixtures.PROMOTE);
        assertThat(r.recorder.snapshot().state()).isEqualTo(RolloutState.AWAITING_APPROVAL);
        r.after(20).decideApproval(StrategyFixtures.PROMOTE, true, "alice", "fine after the restart")
                .after(1).phase("step 8 of 8", "set weight 100%").traffic(100, STEP, "the canary gets 100% of requests")
                .after(1).phase("promote", "the stable Deployment takes the new version while the canary serves")
                .traffic(100, PROMOTION, "stable runs the new version and gets every request");
        RolloutSnapshot s = roundTrip(r.after(1).end("promoted", RolloutState.SUCCEEDED, StrategyFixtures.CANARY_PROMOTED));

        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("step-1", TrackStep.State.PASSED), tuple("step-2", TrackStep.State.PASSED),
                tuple("step-3", TrackStep.State.PASSED), tuple("step-4", TrackStep.State.PASSED),
                tuple("step-5", TrackStep.State.PASSED), tuple("step-6", TrackStep.State.PASSED),
                tuple("step-7", TrackStep.State.PASSED), tuple("step-8", TrackStep.State.PASSED),
                tuple("promote", TrackStep.State.PASSED));
        // The step in progress at the restart keeps its start; the ones before keep their verdicts.
        assertThat(s.steps().get(6).startedAt()).isEqualTo(before.steps().get(6).startedAt()).isBefore(RESTART);
        assertThat(s.steps().get(6).outcome()).isEqualTo("approval approved by alice: fine after the restart");
        assertThat(s.steps().get(3).decisions()).isEqualTo(before.steps().get(3).decisions());
        assertThat(s.startedAt()).isEqualTo(ScriptedRollout.START);
        assertThat(s.traffic().samples()).extracting(t -> t.weights().get(0).percent(), RolloutSnapshot.TrafficSample::marker)
                .containsExactly(tuple(0.0, null), tuple(5.0, null), tuple(25.0, null), tuple(25.0, "restart"),
                        tuple(25.0, null), tuple(100.0, null), tuple(100.0, "promotion"));
        assertThat(s.traffic().samples().get(3).time()).isEqualTo(RESTART);
        assertThat(s.approvals()).extracting(RolloutSnapshot.Approval::id, RolloutSnapshot.Approval::state)
                .containsExactly(tuple("promote-100", "cancelled"), tuple("promote-100", "approved"));
        assertThat(s.checks().get(0).measurements()).hasSize(6).isEqualTo(before.checks().get(0).measurements());
        assertThat(s.replicas()).isEqualTo(before.replicas());
        assertThat(s.events()).startsWith(before.events().toArray(RolloutSnapshot.Event[]::new));
        assertThat(s.events()).extracting(RolloutSnapshot.Event::kind).containsOnlyOnce("restart");
        assertThat(s.warnings()).extracting(RolloutSnapshot.Note::text)
                .anyMatch(t -> t.startsWith("controller restarted; re-attached at " + RESTART));
    }

    @Test
    void aRollingUpdateReEnteringItsBatchKeepsItOnceAndPassesStepsDoneWhileNobodyListened() {
        RolloutSnapshot before = roundTrip(ReportFixtures.runningInBatch2());
        assertThat(before.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("batch-1", TrackStep.State.PASSED), tuple("batch-2", TrackStep.State.RUNNING),
                tuple("batch-3", TrackStep.State.PENDING));
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.continuing(RollingSnapshots.plan(
                ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0", "prod-eu-west"), clock, before), RESTART)
                .phase("resume", "re-attached after a restart at batch 2 of 3 (undo goes to revision 7)")
                .phase("batch 2 of 3", "moving 5 of 10 replicas (50%) to the new version");
        assertThat(r.recorder.snapshot().steps()).extracting(TrackStep::id, TrackStep::state, TrackStep::startedAt)
                .containsExactly(tuple("batch-1", TrackStep.State.PASSED, before.steps().get(0).startedAt()),
                        tuple("batch-2", TrackStep.State.RUNNING, before.steps().get(1).startedAt()),
                        tuple("batch-3", TrackStep.State.PENDING, null));
        r.after(5).progress(10, 5, 10, 10, 10, 2, 3, 5)
                .after(5).phase("batch 3 of 3", "releasing the rest").after(5).progress(10, 10, 10, 10, 10, 3, 3, 10);
        RolloutSnapshot s = roundTrip(r.after(1).finish(RolloutOutcome.Result.SUCCEEDED, ReportFixtures.SUCCEEDED));

        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("batch-1", TrackStep.State.PASSED), tuple("batch-2", TrackStep.State.PASSED),
                tuple("batch-3", TrackStep.State.PASSED));
        assertThat(s.replicas()).hasSize(before.replicas().size() + 2);
        assertThat(s.traffic()).as("a rolling update routes nothing: no restart marker").isEqualTo(RolloutSnapshot.Traffic.NONE);
        assertThat(s.checks()).isEqualTo(before.checks());

        // Kept before batch 1 ended, resumed at batch 3: batch 2 ran while no recorder listened.
        RolloutSnapshot early = roundTrip(new ScriptedRollout(ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0")
                .phase("apply", "setting app").after(5).progress(10, 1, 10, 10, 11, 1, 3, 1).recorder.snapshot());
        RolloutSnapshot late = new ScriptedRollout(clock -> SnapshotRecorder.continuing(RollingSnapshots.plan(
                ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0", "prod-eu-west"), clock, early), RESTART)
                .phase("resume", "re-attached after a restart at batch 3 of 3 (undo goes to revision 7)")
                .phase("batch 3 of 3", "releasing the rest").recorder.snapshot();
        assertThat(late.steps()).extracting(TrackStep::id, TrackStep::state, TrackStep::outcome).containsExactly(
                tuple("batch-1", TrackStep.State.PASSED, "1 of 10 replicas on 2.0, 10 available"),
                tuple("batch-2", TrackStep.State.PASSED, "done while the controller restarted"),
                tuple("batch-3", TrackStep.State.RUNNING, null));
    }

    @Test
    void aRollingUpdateWhoseSavedStateLaggedThePageRedoesTheEarlierBatchOnTheTrack() {
        RolloutSnapshot before = roundTrip(ReportFixtures.runningInBatch2());
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.continuing(RollingSnapshots.plan(
                ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0", "prod-eu-west"), clock, before), RESTART)
                .phase("resume", "re-attached after a restart at batch 1 of 3 (undo goes to revision 7)")
                .phase("batch 1 of 3", "moving 1 of 10 replicas (10%) to the new version");
        assertThat(r.recorder.snapshot().steps()).extracting(TrackStep::id, TrackStep::state, TrackStep::startedAt)
                .containsExactly(tuple("batch-1", TrackStep.State.RUNNING, before.steps().get(0).startedAt()),
                        tuple("batch-2", TrackStep.State.PENDING, null), tuple("batch-3", TrackStep.State.PENDING, null));
        assertThat(r.recorder.snapshot().steps().get(0).decisions()).isEqualTo(before.steps().get(0).decisions());

        RolloutSnapshot s = r.after(10).phase("batch 2 of 3", "moving 5 of 10 replicas (50%) to the new version")
                .recorder.snapshot();
        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("batch-1", TrackStep.State.PASSED), tuple("batch-2", TrackStep.State.RUNNING),
                tuple("batch-3", TrackStep.State.PENDING));
        assertThat(s.steps().get(1).startedAt()).isEqualTo(RESTART.plusSeconds(10));
    }

    @Test
    void aBlueGreenReleaseResumingItsWatchKeepsTheSwitchAndTheWatchOnce() {
        ScriptedRollout first = new ScriptedRollout(clock -> SnapshotRecorder.forBlueGreen(StrategyFixtures.blueGreenPlan(),
                "1.0", "prod-eu-west", clock))
                .phase("deploy", "deploying to green").after(30).phase("pre-promotion checks", "checking green")
                .after(1).askApproval(StrategyFixtures.SWITCH).after(60).decideApproval(StrategyFixtures.SWITCH, true, "bob", "")
                .after(1).phase("switch", "switching web from blue to green").traffic(100, PROMOTION, "green is live")
                .phase("watch", "watching green with 1 gate(s)").at("watch")
                .after(20).measure("errorRate", PASS, List.of(0.003), ReportFixtures.ERRORS, "0.003 meets < 1%");
        RolloutSnapshot before = roundTrip(first.recorder.snapshot());
        // Read again after the switch, the live slot runs 2.0: the continued page keeps 1.0 as the version before.
        ScriptedRollout r = new ScriptedRollout(clock -> SnapshotRecorder.continuing(BlueGreenSnapshots.plan(
                StrategyFixtures.blueGreenPlan(), "2.0", "prod-eu-west"), clock, before), RESTART)
                .phase("resume", "the Services already route to green; resuming the watch")
                .phase("watch", "watching green with 1 gate(s)")
                .after(20).measure("errorRate", PASS, List.of(0.002), ReportFixtures.ERRORS, "0.002 meets < 1%")
                .after(1).phase("scale down", "keeping blue for 30 s, then scaling it to 0");
        RolloutSnapshot s = roundTrip(r.after(30).end("promoted", RolloutState.SUCCEEDED, "web is live on green"));

        assertThat(s.fromVersion()).isEqualTo("1.0");
        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("deploy", TrackStep.State.PASSED), tuple("checks", TrackStep.State.PASSED),
                tuple("approval", TrackStep.State.PASSED), tuple("switch", TrackStep.State.PASSED),
                tuple("watch", TrackStep.State.PASSED), tuple("scale-down", TrackStep.State.PASSED));
        assertThat(s.steps().get(4).startedAt()).isBefore(RESTART);
        assertThat(s.steps().get(4).decisions()).hasSize(2);
        assertThat(s.checks().get(0).measurements()).extracting(CheckSeries.Point::step).containsExactly("watch", "watch");
        assertThat(s.traffic().samples()).extracting(t -> t.weights().get(1).version(), RolloutSnapshot.TrafficSample::marker)
                .containsExactly(tuple("1.0", null), tuple("1.0", "promotion"), tuple("1.0", "restart"));
        assertThat(s.approvals()).extracting(RolloutSnapshot.Approval::state).containsExactly("approved");
    }

    @Test
    void aSnapshotOfAnotherRolloutIsNotContinued() {
        RolloutSnapshot canary = StrategyFixtures.canaryAwaitingApproval();
        Clock clock = Clock.fixed(RESTART, ZoneOffset.UTC);

        RolloutSnapshot blueGreen = SnapshotRecorder.continuing(BlueGreenSnapshots.plan(StrategyFixtures.blueGreenPlan(),
                "1.0", null), clock, canary).snapshot();
        assertThat(blueGreen.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(TrackStep.State.PENDING));
        assertThat(blueGreen.events()).isEmpty();
        assertThat(blueGreen.warnings()).singleElement().extracting(RolloutSnapshot.Note::text).asString()
                .startsWith("the page's earlier snapshot was of another rollout (strategy canary, now blue-green)");

        SnapshotPlan shorter = CanarySnapshots.plan(new io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan(
                "shop", "checkout", StrategyFixtures.canaryPlan().images(), StrategyFixtures.canaryPlan().routerKind(),
                "checkout", StrategyFixtures.canaryPlan().steps().subList(0, 5), null, 0, null, "h"), "1.0", "prod-eu-west");
        RolloutSnapshot changed = SnapshotRecorder.continuing(shorter, clock, canary).snapshot();
        assertThat(changed.traffic().samples()).isEmpty();
        assertThat(changed.warnings()).singleElement().extracting(RolloutSnapshot.Note::text).asString().contains("steps [");

        assertThat(SnapshotRecorder.continuing(shorter, clock, null).snapshot().warnings()).isEmpty();
    }

    @Test
    void seedingKeepsTheEventLogWithinItsBound() {
        SnapshotRecorder full = SnapshotRecorder.forCanary(StrategyFixtures.canaryPlan(), "1.0", null,
                Clock.fixed(ScriptedRollout.START, ZoneOffset.UTC));
        for (int i = 0; i < RolloutSnapshot.MAX_EVENTS + 5; i++) {
            full.onEvent(new RolloutEvent.Decision(ScriptedRollout.START.plusSeconds(i), "decision " + i, true));
        }
        RolloutSnapshot before = full.snapshot();
        assertThat(before.events()).hasSize(RolloutSnapshot.MAX_EVENTS);

        RolloutSnapshot s = SnapshotRecorder.continuing(CanarySnapshots.plan(StrategyFixtures.canaryPlan(), "1.0", null),
                Clock.fixed(RESTART, ZoneOffset.UTC), before).snapshot();

        assertThat(s.events()).hasSize(RolloutSnapshot.MAX_EVENTS);
        assertThat(s.eventsDropped()).isEqualTo(6);
        assertThat(s.events().get(0).text()).isEqualTo("decision 6");
        assertThat(s.events().get(RolloutSnapshot.MAX_EVENTS - 1).kind()).isEqualTo("restart");
    }

    private static RolloutSnapshot roundTrip(RolloutSnapshot snapshot) {
        return SnapshotJson.read(SnapshotJson.write(snapshot));
    }
}
