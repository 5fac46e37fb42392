package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone report, rendered by headless Chromium from fixture rollouts: what a person sees — state, track,
 * numbers and the reason sentence — checked in the DOM the browser built, with a screenshot of each.
 */
@Tag("needs-tools")
class RolloutReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aSucceededRolloutShowsEveryBatchPassedAndTheNewVersionOnEveryReplica() throws IOException {
        RenderedPage page = render(ReportFixtures.succeeded(), "rolling-succeeded");

        assertThat(page.field("state")).isEqualTo("Succeeded");
        assertThat(page.fieldAttribute("state", "data-state")).isEqualTo("succeeded");
        assertThat(page.field("versions")).isEqualTo("1.0 → 2.0");
        assertThat(page.field("reason")).isEqualTo(ReportFixtures.SUCCEEDED);
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "passed"), Map.entry("batch-2", "passed"),
                Map.entry("batch-3", "passed"));
        assertThat(page.step("batch-2")).contains("50%").contains("passed")
                .contains("analysis PASS — every check passed 3 measurements");
        assertThat(page.field("replica-counts")).isEqualTo("desired 10 · updated 10 · ready 10 · available 10");
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 10), Map.entry("1.0", 0));
        assertThat(page.field("traffic")).startsWith("No traffic routing");
        assertThat(page.check("errorRate")).contains("passes when < 1%").contains("Latest: 0.2% — pass (9 measurements)")
                .contains("fails above 1%");
        assertThat(page.check("latencyP99")).contains("Latest: 129 ms — pass").contains("fails above 200 ms");
        assertThat(page.text()).contains("Warnings (1)").contains("no preStop hook").contains("Took 5 min 3 s")
                .contains("Cluster prod-eu-west");
    }

    @Test
    void aRollbackShowsTheFailedGateWithItsNumbersAndTheOldVersionServingAgain() throws IOException {
        RenderedPage page = render(ReportFixtures.rolledBack(), "rolling-rolled-back");

        assertThat(page.field("state")).isEqualTo("Rolled back");
        assertThat(page.field("reason")).isEqualTo(ReportFixtures.ROLLED_BACK);
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "passed"), Map.entry("batch-2", "failed"),
                Map.entry("batch-3", "pending"), Map.entry("rollback", "passed"));
        assertThat(page.step("batch-2")).contains("failed").contains("last: 0.048 violates < 1%; going back to revision 7");
        assertThat(page.step("batch-3")).contains("not reached");
        assertThat(page.step("rollback")).contains("back on 1.0: 10 of 10 replicas available");
        assertThat(page.versionBars()).containsExactly(Map.entry("1.0", 10), Map.entry("2.0", 0));
        assertThat(page.check("errorRate")).contains("Latest: 4.8% — fail (5 measurements)")
                .contains("0.048 violates < 1%");
        assertThat(page.check("latencyP99")).contains("Latest: 171 ms — pass");
    }

    @Test
    void aRolloutPausedForAPersonSaysSoAndShowsWhereItHalted() throws IOException {
        RenderedPage page = render(ReportFixtures.paused(), "rolling-paused");

        assertThat(page.field("state")).isEqualTo("Paused for a person");
        assertThat(page.text()).contains("Waiting for a person");
        assertThat(page.field("reason")).isEqualTo(ReportFixtures.PAUSED);
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "halted"), Map.entry("batch-2", "pending"),
                Map.entry("batch-3", "pending"));
        assertThat(page.step("batch-1")).contains("halted here").contains("resume it or undo it with kubectl");
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 1), Map.entry("1.0", 9));
        assertThat(page.check("errorRate")).contains("Latest: no value — inconclusive (2 measurements)");
    }

    @Test
    void aCanaryWaitingForApprovalShowsTheDecisionToTakeItsTrafficAndItsFlagChanges() throws IOException {
        RenderedPage page = render(SnapshotJsonTest.complete(), "canary-awaiting-approval");

        assertThat(page.field("state")).isEqualTo("Awaiting approval");
        assertThat(page.text()).contains("Waiting for a person").contains("promote to 25%: approved by alice")
                .contains("promote to 100%: waiting for a decision").contains("May decide: release-managers, bob")
                .contains("Decide on the build page while the rollout waits.").contains("new-checkout")
                .contains("10% of users get 'on'");
        // A standalone report cannot decide anything: no buttons, even for an approval marked actionable.
        assertThat(page.markup()).doesNotContain("data-approval-action").doesNotContain("<form");
        assertThat(page.text()).contains("Traffic weight per version over time (gateway-api)")
                .contains("At the end: 2.0 5%, 1.0 95%.").doesNotContain("No traffic routing");
    }

    @Test
    void onAPhoneTheReportIsLaidOutAndDrawnForTheNarrowScreen() {
        RolloutSnapshot snapshot = ReportFixtures.rolledBack();
        try (PageServer server = new PageServer(null)) {
            server.page("/" + RolloutReport.FILE_NAME, "text/html", () -> RolloutReport.html(snapshot))
                    .page("/phone.html", "text/html", () -> PHONE);
            // Headless Chromium's window is at least 500 px wide, so the phone is a 390 px frame inside it.
            RenderedPage page = RenderedPage.ofFrame(Screenshots.render(server.url("/phone.html"),
                    "rolling-rolled-back-phone", 500, 3400, 390, 2000).html());

            assertThat(page.field("state")).isEqualTo("Rolled back");
            assertThat(page.field("reason")).isEqualTo(ReportFixtures.ROLLED_BACK);
            // Drawn at the phone's width less the page padding (370 px), not shrunk from a desktop drawing whose
            // labels would be unreadable; the check charts sit inside a padded panel.
            assertThat(page.chartWidths()).isNotEmpty().allMatch(w -> w >= 280 && w <= 370).contains(370);
        }
    }

    /** A phone-sized frame around the report; copies the frame's rendered DOM out, since --dump-dom shows the top page. */
    static final String PHONE = """
            <!DOCTYPE html><html><head><style>body { margin: 0 } iframe { border: 0; display: block }</style></head>
            <body><iframe id="phone" src="/rollout-report.html" width="390" height="3400" title="phone"></iframe>
            <pre id="frame-dom" hidden></pre>
            <script>
            document.getElementById('phone').addEventListener('load', function () {
              document.getElementById('frame-dom').textContent = this.contentDocument.documentElement.outerHTML;
            });
            </script></body></html>""";

    private RenderedPage render(RolloutSnapshot snapshot, String name) throws IOException {
        return Screenshots.render(RolloutReport.write(snapshot, dir).toUri().toString(), name, 1280, 3000);
    }
}
