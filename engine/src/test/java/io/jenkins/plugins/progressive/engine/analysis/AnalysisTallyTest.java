package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict rules of docs/analysis.md. */
class AnalysisTallyTest {

    private static final MetricCheck ERRORS = MetricCheck.of("errors", "q", "< 1%");
    private static final MetricCheck LATENCY = MetricCheck.of("latency", "q", "< 200ms");

    @Test
    void passesOnlyWhenEveryCheckHasItsCountOfDecisiveMeasurements() {
        AnalysisTally tally = tally(limits(0, 0, 4), 2, ERRORS, LATENCY);
        assertThat(tally.record(m("errors", MeasurementVerdict.PASS))).isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("errors", MeasurementVerdict.PASS))).isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("latency", MeasurementVerdict.PASS))).isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("latency", MeasurementVerdict.ERROR))).as("errors are not decisive").isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("latency", MeasurementVerdict.PASS))).isEqualTo(AnalysisVerdict.PASS);
        assertThat(tally.result().reason()).isEqualTo("every check passed 2 measurements within its limits");
    }

    @Test
    void failsAsSoonAsFailuresExceedTheLimitAndNamesTheCheck() {
        AnalysisTally tally = tally(limits(1, 0, 4), 5, ERRORS);
        assertThat(tally.record(m("errors", MeasurementVerdict.FAIL))).isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("errors", MeasurementVerdict.FAIL))).isEqualTo(AnalysisVerdict.FAIL);
        assertThat(tally.result().reason()).isEqualTo("check 'errors': 2 failed measurements (failureLimit 1); last: FAIL");
        assertThat(tally.record(m("errors", MeasurementVerdict.PASS))).as("decided verdicts stay").isEqualTo(AnalysisVerdict.FAIL);
    }

    @Test
    void inconclusiveBeyondItsLimitStopsTheAnalysisAsInconclusive() {
        AnalysisTally tally = tally(limits(0, 1, 4), 5, ERRORS);
        tally.record(m("errors", MeasurementVerdict.INCONCLUSIVE));
        assertThat(tally.record(m("errors", MeasurementVerdict.INCONCLUSIVE))).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
    }

    @Test
    void toleratedInconclusivesAreGapsThatExtendTheAnalysisAndNeverAddUpToAPass() {
        AnalysisTally allGaps = tally(limits(0, 3, 4), 2, ERRORS);
        for (int i = 0; i < 3; i++) {
            assertThat(allGaps.record(m("errors", MeasurementVerdict.INCONCLUSIVE))).isEqualTo(AnalysisVerdict.RUNNING);
        }
        assertThat(allGaps.record(m("errors", MeasurementVerdict.INCONCLUSIVE))).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
        assertThat(allGaps.result().reason()).startsWith("check 'errors': 4 inconclusive measurements (inconclusiveLimit 3)");

        AnalysisTally gapsThenEvidence = tally(limits(0, 3, 4), 2, ERRORS);
        gapsThenEvidence.record(m("errors", MeasurementVerdict.INCONCLUSIVE));
        gapsThenEvidence.record(m("errors", MeasurementVerdict.INCONCLUSIVE));
        assertThat(gapsThenEvidence.record(m("errors", MeasurementVerdict.PASS))).as("one pass is not two")
                .isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(gapsThenEvidence.record(m("errors", MeasurementVerdict.PASS))).isEqualTo(AnalysisVerdict.PASS);

        AnalysisTally toleratedFailures = tally(limits(2, 0, 4), 2, ERRORS);
        toleratedFailures.record(m("errors", MeasurementVerdict.FAIL));
        assertThat(toleratedFailures.record(m("errors", MeasurementVerdict.FAIL))).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
        assertThat(toleratedFailures.result().reason()).startsWith("check 'errors': none of its 2 measurements passed");

        AnalysisTally stoppedOnGaps = tally(limits(0, 3, 4), 0, ERRORS);
        stoppedOnGaps.record(m("errors", MeasurementVerdict.INCONCLUSIVE));
        assertThat(stoppedOnGaps.stop()).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
    }

    @Test
    void consecutiveErrorsBeyondTheLimitAreInconclusiveButAGoodMeasurementResetsThem() {
        AnalysisTally tally = tally(limits(0, 0, 2), 5, ERRORS);
        tally.record(m("errors", MeasurementVerdict.ERROR));
        tally.record(m("errors", MeasurementVerdict.ERROR));
        tally.record(m("errors", MeasurementVerdict.PASS));
        tally.record(m("errors", MeasurementVerdict.ERROR));
        assertThat(tally.record(m("errors", MeasurementVerdict.ERROR))).isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("errors", MeasurementVerdict.ERROR))).as("an outage is unknown, not bad")
                .isEqualTo(AnalysisVerdict.INCONCLUSIVE);
        assertThat(tally.result().reason())
                .startsWith("check 'errors': could not measure: 3 errors in a row (consecutiveErrorLimit 2)");
    }

    @Test
    void aRejectedQueryFailsAtOnce() {
        AnalysisTally tally = tally(limits(0, 0, 4), 5, ERRORS);
        Measurement fatal = new Measurement("errors", MeasurementVerdict.ERROR, List.of(), List.of(), "q", null,
                Instant.EPOCH, "Prometheus rejected the query: parse error", false, true);
        assertThat(tally.record(fatal)).isEqualTo(AnalysisVerdict.FAIL);
        assertThat(tally.result().reason()).isEqualTo("check 'errors': Prometheus rejected the query: parse error");
    }

    @Test
    void dryRunChecksAreRecordedButNeverDecide() {
        AnalysisTally tally = tally(limits(0, 0, 4), 1, ERRORS, LATENCY.withDryRun(true));
        assertThat(tally.record(m("latency", MeasurementVerdict.FAIL, true))).isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(tally.record(m("errors", MeasurementVerdict.PASS))).isEqualTo(AnalysisVerdict.PASS);
        assertThat(tally.result().measurements()).hasSize(2);
    }

    @Test
    void stoppingEarlyIsAPassOnlyIfEveryCheckWasMeasured() {
        AnalysisTally unmeasured = tally(limits(0, 0, 4), 0, ERRORS, LATENCY);
        unmeasured.record(m("errors", MeasurementVerdict.PASS));
        assertThat(unmeasured.stop()).isEqualTo(AnalysisVerdict.INCONCLUSIVE);
        AnalysisTally measured = tally(limits(0, 0, 4), 0, ERRORS, LATENCY);
        measured.record(m("errors", MeasurementVerdict.PASS));
        measured.record(m("latency", MeasurementVerdict.PASS));
        assertThat(measured.verdict()).as("count 0 never passes by itself").isEqualTo(AnalysisVerdict.RUNNING);
        assertThat(measured.stop()).isEqualTo(AnalysisVerdict.PASS);
    }

    private static AnalysisTally tally(AnalysisLimits limits, int count, MetricCheck... checks) {
        return new AnalysisTally(AnalysisPlan.of(List.of(checks)).withLimits(limits)
                .withTiming(AnalysisTiming.DEFAULT.withCount(count).withInterval(Duration.ofSeconds(1))));
    }

    private static AnalysisLimits limits(int failures, int inconclusive, int errors) {
        return new AnalysisLimits(failures, inconclusive, errors);
    }

    private static Measurement m(String check, MeasurementVerdict verdict) {
        return m(check, verdict, false);
    }

    private static Measurement m(String check, MeasurementVerdict verdict, boolean dryRun) {
        return new Measurement(check, verdict, List.of(), List.of(), "q", null, Instant.EPOCH, verdict.name(), dryRun, false);
    }
}
