package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.cluster.RolloutStatus;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.rolling.InconclusivePolicy;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the recorder turns a rolling update's events into the snapshot the page shows. */
class SnapshotRecorderTest {

    @Test
    void aSucceededRolloutHasEveryBatchPassedTheNewVersionEverywhereAndItsMeasurements() {
        RolloutSnapshot s = ReportFixtures.succeeded();

        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(s.reason()).isEqualTo(ReportFixtures.SUCCEEDED);
        assertThat(s.steps()).extracting(TrackStep::label, TrackStep::state).containsExactly(
                tuple("10%", TrackStep.State.PASSED),
                tuple("50%", TrackStep.State.PASSED),
                tuple("100%", TrackStep.State.PASSED));
        assertThat(s.steps().get(0).outcome()).startsWith("batch 1 of 3: analysis PASS");
        assertThat(s.steps().get(0).decisions()).hasSize(7);
        assertThat(s.replicas().get(s.replicas().size() - 1).versions()).containsExactly(
                new ReplicaSample.VersionCount("2.0", 10), new ReplicaSample.VersionCount("1.0", 0));
        assertThat(s.checks()).extracting(CheckSeries::name, CheckSeries::condition, CheckSeries::unit).containsExactly(
                tuple("errorRate", "< 1%", CheckSeries.Unit.PERCENT),
                tuple("latencyP99", "< 200ms", CheckSeries.Unit.SECONDS));
        CheckSeries.Point first = s.checks().get(0).measurements().get(0);
        assertThat(first.step()).isEqualTo("batch-1");
        assertThat(first.upper()).isEqualTo(0.01);
        assertThat(first.lower()).isNull();
        assertThat(s.warnings()).singleElement().extracting(RolloutSnapshot.Note::text).asString()
                .contains("no preStop hook");
        assertThat(s.startedAt()).isEqualTo(ScriptedRollout.START);
        assertThat(s.finishedAt()).isEqualTo(ScriptedRollout.START.plusSeconds(303));
    }

    @Test
    void aRollbackFailsTheStepItInterruptedAndCountsTheRestoredReplicasAsTheOldVersion() {
        RolloutSnapshot s = ReportFixtures.rolledBack();

        assertThat(s.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(s.steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("batch-1", TrackStep.State.PASSED),
                tuple("batch-2", TrackStep.State.FAILED),
                tuple("batch-3", TrackStep.State.PENDING),
                tuple("rollback", TrackStep.State.PASSED));
        assertThat(s.steps().get(1).outcome()).contains("0.048 violates < 1%; going back to revision 7");
        assertThat(s.steps().get(3).outcome()).isEqualTo("back on 1.0: 10 of 10 replicas available");
        // During the rollback the Deployment's "updated" replicas run the restored template: version 1.0.
        ReplicaSample during = s.replicas().get(s.replicas().size() - 2);
        assertThat(during.step()).isEqualTo("rollback");
        assertThat(during.versions()).containsExactly(new ReplicaSample.VersionCount("1.0", 7),
                new ReplicaSample.VersionCount("2.0", 4));
        assertThat(s.checks().get(0).measurements()).extracting(CheckSeries.Point::verdict).endsWith("fail");
    }

    @Test
    void aPauseHaltsTheStepWhereTheRolloutStood() {
        RolloutSnapshot s = ReportFixtures.paused();

        assertThat(s.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(s.steps()).extracting(TrackStep::state).containsExactly(TrackStep.State.HALTED,
                TrackStep.State.PENDING, TrackStep.State.PENDING);
        assertThat(s.steps().get(0).outcome()).isEqualTo(ReportFixtures.PAUSED);
        assertThat(s.checks().get(0).measurements()).allSatisfy(p -> {
            assertThat(p.verdict()).isEqualTo("inconclusive");
            assertThat(p.values()).isEmpty();
        });
    }

    @Test
    void aRefusalBeforeAnyWriteLeavesTheTrackUntouchedAndAFailedPreHookFailsItsStep() {
        RollingPlan plan = RollingPlan.builder("shop", "orders").image("app", "shop/orders:2.0")
                .hooks(HookSpec.template(HookSpec.Phase.PRE, "shop/migrate:2", List.of("migrate", "expand")), null).build();
        SnapshotRecorder refused = SnapshotRecorder.forRolling(plan, "1.0", null, fixedClock());
        refused.onEvent(new RolloutEvent.PhaseChanged(ScriptedRollout.START, "preflight", "checking deployment shop/orders"));
        refused.finish(RolloutOutcome.rolling(RolloutOutcome.Result.REFUSED, "lease held by https://ci.example/job/orders/8/", 1));
        assertThat(refused.snapshot().steps()).extracting(TrackStep::id, TrackStep::state).containsExactly(
                tuple("pre-hook", TrackStep.State.PENDING),
                tuple("batch-1", TrackStep.State.PENDING));
        assertThat(refused.snapshot().state()).isEqualTo(RolloutState.REFUSED);

        SnapshotRecorder hookFailed = SnapshotRecorder.forRolling(plan, "1.0", null, fixedClock());
        hookFailed.onEvent(new RolloutEvent.PhaseChanged(ScriptedRollout.START, "pre-hook", "running the pre-rollout Job"));
        hookFailed.onEvent(new RolloutEvent.Decision(ScriptedRollout.START, "Job failed: BackoffLimitExceeded", false));
        hookFailed.finish(RolloutOutcome.rolling(RolloutOutcome.Result.REFUSED,
                "the pre-rollout hook failed, so no pod was changed: Job failed: BackoffLimitExceeded", 1));
        TrackStep hook = hookFailed.snapshot().steps().get(0);
        assertThat(hook.state()).isEqualTo(TrackStep.State.FAILED);
        assertThat(hook.decisions()).singleElement().extracting(TrackStep.Decision::positive).isEqualTo(false);
        assertThat(hook.outcome()).startsWith("the pre-rollout hook failed");
    }

    @Test
    void onlyEndStatesFinishARollout() {
        SnapshotRecorder recorder = SnapshotRecorder.forRolling(ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0",
                null, fixedClock());
        assertThatThrownBy(() -> recorder.finish(RolloutState.AWAITING_APPROVAL, "waiting"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("awaiting-approval");
    }

    @Test
    void eventsFromManyThreadsAreAllRecordedWhileAPageReadsSnapshots() throws Exception {
        SnapshotRecorder recorder = SnapshotRecorder.forRolling(ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0",
                null, fixedClock());
        recorder.onEvent(new RolloutEvent.PhaseChanged(ScriptedRollout.START, "batch 1 of 3", "moving 1 of 10"));
        ExecutorService threads = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> writers = IntStream.range(0, 4).mapToObj(t -> threads.submit((java.util.concurrent.Callable<Object>) () -> {
                go.await();
                for (int i = 0; i < 250; i++) {
                    recorder.onEvent(new RolloutEvent.Decision(ScriptedRollout.START.plusMillis(i), "t" + t + " #" + i,
                            true));
                    recorder.onEvent(new RolloutEvent.Progress(ScriptedRollout.START.plusMillis(i), status(i % 10), 1, 3,
                            1, "progress"));
                }
                return null;
            })).toList();
            Future<Object> reader = threads.submit(() -> {
                go.await();
                for (int i = 0; i < 200; i++) {
                    SnapshotJson.write(recorder.snapshot());
                }
                return null;
            });
            go.countDown();
            for (Future<Object> writer : writers) {
                writer.get(20, TimeUnit.SECONDS);
            }
            reader.get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        RolloutSnapshot s = recorder.snapshot();
        assertThat(s.steps().get(0).decisions()).hasSize(1000);
        assertThat(s.replicas()).hasSize(1000);
        assertThat(s.events()).hasSize(1001);
    }

    @Test
    void aLongRolloutKeepsItsFirstAndLastReplicaCountsAndItsNewestEvents() {
        SnapshotRecorder recorder = SnapshotRecorder.forRolling(ReportFixtures.plan(InconclusivePolicy.ROLLBACK), "1.0",
                null, fixedClock());
        for (int i = 0; i < 2500; i++) {
            recorder.onEvent(new RolloutEvent.Progress(ScriptedRollout.START.plusSeconds(i), status(i % 11), 1, 3, 1, "p"));
            recorder.onEvent(new RolloutEvent.Warning(ScriptedRollout.START.plusSeconds(i), "warning " + i));
        }
        RolloutSnapshot s = recorder.snapshot();
        assertThat(s.replicas()).hasSizeBetween(SnapshotRecorder.MAX_SAMPLES / 2, SnapshotRecorder.MAX_SAMPLES);
        assertThat(s.replicas().get(0).time()).isEqualTo(ScriptedRollout.START);
        assertThat(s.replicas().get(s.replicas().size() - 1).time()).isEqualTo(ScriptedRollout.START.plusSeconds(2499));
        assertThat(s.events()).hasSize(RolloutSnapshot.MAX_EVENTS);
        assertThat(s.eventsDropped()).isEqualTo(500);
        assertThat(s.events().get(s.events().size() - 1).text()).isEqualTo("warning 2499");
    }

    private static RolloutStatus status(int updated) {
        return new RolloutStatus(RolloutPhase.WAITING, "waiting", 10, updated, 10, 10, 10 + (updated > 0 ? 1 : 0));
    }

    private static Clock fixedClock() {
        return Clock.fixed(Instant.parse("2026-05-04T09:40:00Z"), ZoneOffset.UTC);
    }

    @Test
    void aLongAnalysisKeepsItsChartBoundedAndEveryFailedMeasurement() {
        java.util.ArrayList<CheckSeries.Point> series = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String verdict = i % 997 == 0 ? "fail" : i % 1_499 == 0 ? "inconclusive" : "pass";
            series.add(new CheckSeries.Point(ScriptedRollout.START.plusSeconds(i), "step-1", verdict, List.of(0.001 * i),
                    List.of(), null, 0.01, "sum(rate(x[1m]))", null, "measured " + i));
            SnapshotRecorder.thin(series);
        }

        assertThat(series).hasSizeLessThanOrEqualTo(SnapshotRecorder.MAX_MEASUREMENTS);
        assertThat(series.stream().filter(p -> p.verdict().equals("fail")).count()).isEqualTo(21);
        assertThat(series.stream().filter(p -> p.verdict().equals("inconclusive")).count()).isEqualTo(13);
        assertThat(series.get(series.size() - 1).explanation()).isEqualTo("measured 19999");
        assertThat(series).isSortedAccordingTo(java.util.Comparator.comparing(CheckSeries.Point::time));
        assertThat(series.get(0).time()).isEqualTo(ScriptedRollout.START);
    }
}
