package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.progressive.engine.analysis.Condition;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.analysis.MeasurementVerdict;
import io.jenkins.plugins.progressive.engine.analysis.StatisticalJudge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The snapshot's JSON contract: round trips, its names, its version, its documentation, and its safe embedding. */
class SnapshotJsonTest {

    private static final ObjectMapper TREE = new ObjectMapper();

    @Test
    void everyFixtureReadsBackAsItWasWritten() {
        for (RolloutSnapshot snapshot : List.of(ReportFixtures.succeeded(), ReportFixtures.rolledBack(),
                ReportFixtures.paused(), ReportFixtures.runningInBatch2(), complete())) {
            assertThat(SnapshotJson.read(SnapshotJson.write(snapshot))).isEqualTo(snapshot);
        }
    }

    @Test
    void statesKindsAndTimesAreWrittenAsTheSchemaNamesThem() throws IOException {
        JsonNode json = TREE.readTree(SnapshotJson.write(ReportFixtures.rolledBack()));

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("state").asText()).isEqualTo("rolled-back");
        assertThat(json.get("startedAt").asText()).isEqualTo("2026-05-04T09:30:00Z");
        assertThat(json.at("/steps/3/kind").asText()).isEqualTo("rollback");
        assertThat(json.at("/steps/1/state").asText()).isEqualTo("failed");
        assertThat(json.at("/checks/0/unit").asText()).isEqualTo("percent");
        assertThat(json.at("/checks/0/measurements/4/verdict").asText()).isEqualTo("fail");
        assertThat(json.at("/traffic/routing").isNull()).isTrue();
    }

    @Test
    void prometheusNaNAndInfinityBecomeNullBecauseJsonHasNoSuchNumbers() throws IOException {
        Measurement m = new Measurement("errorRate", MeasurementVerdict.INCONCLUSIVE, List.of(Double.NaN,
                Double.POSITIVE_INFINITY, 0.5), List.of(), "q", null, Instant.EPOCH, "no usable value: NaN", false, false);
        CheckSeries.Point point = CheckSeries.Point.of(m, "batch-1", Condition.parse("between 0.1 and 1"));

        assertThat(point.values()).containsExactly(null, null, 0.5);
        assertThat(point.lower()).isEqualTo(0.1);
        assertThat(point.upper()).isEqualTo(1.0);
        assertThat(TREE.readTree(SnapshotJson.write(withPoint(point))).at("/checks/0/measurements/0/values").toString())
                .isEqualTo("[null,null,0.5]");
    }

    @Test
    void aComparativeConditionDrawsItsLimitFromEachMeasurementsBaseline() {
        Measurement m = new Measurement("errorVsStable", MeasurementVerdict.FAIL, List.of(0.02), List.of(0.01), "q",
                "bq", Instant.EPOCH, "0.02 violates <= baseline + 0.5%", false, false);
        CheckSeries.Point point = CheckSeries.Point.of(m, null, Condition.parse("<= baseline + 0.5%"));

        assertThat(point.upper()).isCloseTo(0.015, offset(1e-12));
        assertThat(point.lower()).isNull();
    }

    @Test
    void aJudgedCheckDrawsTheToleratedBandAroundTheBaselinesMedian() {
        Measurement m = new Measurement("latencyVsStable", MeasurementVerdict.PASS, List.of(0.105), List.of(0.1), "q",
                "bq", Instant.EPOCH, "no significant increase over the baseline: ...", false, false);
        StatisticalJudge judge = StatisticalJudge.DEFAULT;

        CheckSeries.Point up = CheckSeries.Point.of(m, null, new Condition.Judged(judge));
        assertThat(up.upper()).isCloseTo(0.125, offset(1e-12));
        assertThat(up.lower()).isNull();
        CheckSeries.Point either = CheckSeries.Point.of(m, null,
                new Condition.Judged(judge.withDirection(StatisticalJudge.Direction.EITHER)));
        assertThat(either.lower()).isCloseTo(0.075, offset(1e-12));
        assertThat(either.upper()).isCloseTo(0.125, offset(1e-12));
    }

    @Test
    void aSnapshotWrittenBeforeReplicasPerDeploymentReadsWithNone() {
        String json = SnapshotJson.write(ReportFixtures.rolledBack()).replace(",\"deployments\":[]", "");
        assertThat(json).doesNotContain("deployments");

        assertThat(SnapshotJson.read(json).replicas()).isNotEmpty().allSatisfy(r -> assertThat(r.deployments()).isEmpty());
    }

    @Test
    void anotherSchemaVersionIsRefusedWithBothVersionsNamed() {
        String json = SnapshotJson.write(ReportFixtures.paused()).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> SnapshotJson.read(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rollout snapshot schema version 2 is not supported; this engine reads version 1");
        assertThatThrownBy(() -> SnapshotJson.read("{\"state\":\"exploded\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a rollout snapshot");
    }

    @Test
    void everyFieldOfTheJsonIsDocumentedInDocsProgress() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "progress.md"));
        List<String> paths = new ArrayList<>();
        collect(TREE.readTree(SnapshotJson.write(complete())), "", paths);

        assertThat(paths).hasSizeGreaterThan(60);
        assertThat(paths).allSatisfy(path -> assertThat(docs).as("docs/progress.md documents `%s`", path)
                .contains("`" + path + "`"));
        // And nothing documented that the engine does not write.
        Matcher documented = Pattern.compile("^\\| `([a-zA-Z.\\[\\]]+)`", Pattern.MULTILINE).matcher(docs);
        while (documented.find()) {
            assertThat(paths).as("documented field %s", documented.group(1)).contains(documented.group(1));
        }
    }

    @Test
    void theReportEmbedsJsonThatNoValueCanBreakOutOf() {
        String hostile = "Prometheus answered </script><script>alert(1)</script> & <b>bold</b>";
        RolloutSnapshot snapshot = ReportFixtures.paused();
        RolloutSnapshot withReason = new RolloutSnapshot(1, snapshot.strategy(), snapshot.target(), snapshot.fromVersion(),
                snapshot.toVersion(), snapshot.state(), snapshot.startedAt(), snapshot.updatedAt(), snapshot.finishedAt(),
                snapshot.activity(), hostile, snapshot.steps(), snapshot.replicas(), snapshot.checks(), snapshot.warnings(),
                snapshot.traffic(), snapshot.approvals(), snapshot.flagChanges(), snapshot.events(), 0);

        String html = RolloutReport.html(withReason);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>bold");
        Matcher block = Pattern.compile("<script type=\"application/json\" id=\"rollout-snapshot\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(block.find()).isTrue();
        assertThat(SnapshotJson.read(block.group(1)).reason()).isEqualTo(hostile);
    }

    /** A snapshot with every optional part filled, so every field of the schema appears at least once. */
    static RolloutSnapshot complete() {
        RolloutSnapshot s = ReportFixtures.rolledBack();
        Instant t = s.startedAt();
        return new RolloutSnapshot(1, "canary", s.target(), s.fromVersion(), s.toVersion(), RolloutState.AWAITING_APPROVAL,
                t, s.updatedAt(), null, s.activity(), null, s.steps(),
                // A canary's samples too: they carry each Deployment's counts.
                java.util.stream.Stream.concat(s.replicas().stream(), StrategyFixtures.canaryRolledBack().replicas().stream())
                        .toList(), s.checks(), s.warnings(),
                new RolloutSnapshot.Traffic("gateway-api", List.of(new RolloutSnapshot.TrafficSample(t, List.of(
                        new RolloutSnapshot.Weight("2.0", 5), new RolloutSnapshot.Weight("1.0", 95)), "rollback"))),
                List.of(new RolloutSnapshot.Approval("promote to 25%", "approved", t, t.plusSeconds(60), "alice",
                        "error rate flat", List.of("release-managers"), "promote-25", List.of("canary 2.0 at 5%"), false),
                        new RolloutSnapshot.Approval("promote to 100%", "pending", t.plusSeconds(120), null, null, null,
                                List.of("release-managers", "bob"), "promote-100", List.of("canary 2.0 at 25%",
                                        "error rate 0.2% (stable 0.2%)"), true)),
                List.of(new RolloutSnapshot.FlagChange(t, "new-checkout", "off for everyone", "on for 10%",
                        "10% of users get 'on'")),
                s.events(), 3);
    }

    private static RolloutSnapshot withPoint(CheckSeries.Point point) {
        RolloutSnapshot s = ReportFixtures.paused();
        return new RolloutSnapshot(1, s.strategy(), s.target(), s.fromVersion(), s.toVersion(), s.state(), s.startedAt(),
                s.updatedAt(), s.finishedAt(), s.activity(), s.reason(), s.steps(), s.replicas(),
                List.of(new CheckSeries("errorRate", "< 1%", CheckSeries.Unit.PERCENT, false, List.of(point))),
                s.warnings(), s.traffic(), s.approvals(), s.flagChanges(), s.events(), 0);
    }

    /** Field paths as the docs write them: {@code steps[].decisions[].text}. */
    private static void collect(JsonNode node, String path, List<String> paths) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!paths.contains(child)) {
                    paths.add(child);
                }
                collect(field.getValue(), child, paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, path + "[]", paths);
            }
        }
    }
}
