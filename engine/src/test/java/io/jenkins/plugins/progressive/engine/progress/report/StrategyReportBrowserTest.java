package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary and blue/green reports rendered by headless Chromium from fixture rollouts: the track of each strategy, the
 * traffic chart with its promotion and rollback markers, and the approvals — decided, and pending without buttons
 * (a standalone report cannot decide anything).
 */
@Tag("needs-tools")
class StrategyReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aPromotedCanaryShowsEveryStepPassedTheWeightsUpToTheFullPromotionAndWhoApproved() throws IOException {
        RenderedPage page = render(StrategyFixtures.canaryPromoted(), "canary-promoted");

        assertThat(page.field("state")).isEqualTo("Promoted");
        assertThat(page.field("reason")).isEqualTo(StrategyFixtures.CANARY_PROMOTED);
        assertThat(page.steps()).containsExactly(Map.entry("step-1", "passed"), Map.entry("step-2", "passed"),
                Map.entry("step-3", "passed"), Map.entry("step-4", "passed"), Map.entry("step-5", "passed"),
                Map.entry("step-6", "passed"), Map.entry("step-7", "passed"), Map.entry("step-8", "passed"),
                Map.entry("promote", "passed"));
        assertThat(page.step("step-1")).contains("header route").contains("route header x-beta=1 to the canary");
        assertThat(page.step("step-2")).contains("5%").contains("5% of traffic");
        assertThat(page.step("step-3")).contains("pause 60 s").contains("(at 5% of traffic)");
        assertThat(page.step("step-7")).contains("approval approved by alice: error rate flat, go");
        assertThat(page.text()).contains("Traffic weight per version over time (gateway-api)")
                .contains("At the end: 2.0 100%, 1.0 0%.");
        assertThat(page.html()).contains("data-marker=\"promotion\"").doesNotContain("data-marker=\"rollback\"");
        assertThat(page.approval("promote-100")).contains("Promote checkout 2.0 to 100%?: approved by alice at")
                .contains("error rate flat, go").contains("May decide: release-managers, bob");
        assertThat(page.check("errorRate")).contains("Latest: 0.21% — pass (6 measurements)");
        // Stable took 2.0 and the canary went to zero: both Deployments' four counts, as bars with their numbers.
        assertThat(page.deploymentBarHeadings()).containsExactly("stable \u00b7 2.0 (new) \u00b7 checkout",
                "canary \u00b7 2.0 (new) \u00b7 checkout-canary");
        assertThat(page.deploymentBars()).containsExactly(Map.entry("checkout", counts(10, 10, 10, 10)),
                Map.entry("checkout-canary", counts(0, 0, 0, 0)));
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 10));
        assertThat(page.markup()).doesNotContain("<form");
    }

    @Test
    void aCanaryRolledBackAtTwentyFivePercentShowsTheFailedAnalysisItsNumbersAndStableServingEverything()
            throws IOException {
        RenderedPage page = render(StrategyFixtures.canaryRolledBack(), "canary-rolled-back");

        assertThat(page.field("state")).isEqualTo("Rolled back");
        assertThat(page.field("reason")).isEqualTo(StrategyFixtures.CANARY_ROLLED_BACK);
        assertThat(page.steps()).containsEntry("step-5", "passed").containsEntry("step-6", "failed")
                .containsEntry("step-7", "pending").containsEntry("promote", "pending").containsEntry("rollback", "passed");
        assertThat(page.step("step-6")).contains("analysis").contains("(at 25% of traffic)")
                .contains("last: 0.048 violates < 1%; sending all traffic to stable");
        assertThat(page.step("rollback")).contains("back on 1.0: 100% of requests");
        assertThat(page.check("errorRate")).contains("Latest: 4.8% — fail (5 measurements)");
        assertThat(page.text()).contains("At the end: 2.0 0%, 1.0 100%.");
        assertThat(page.html()).contains("data-marker=\"rollback\"");
        assertThat(page.field("replica-counts-checkout")).isEqualTo(
                "stable 1.0 (checkout): desired 10 \u00b7 updated 10 \u00b7 ready 10 \u00b7 available 10");
        assertThat(page.field("replica-counts-checkout-canary")).isEqualTo(
                "canary 2.0 (checkout-canary): desired 0 \u00b7 updated 0 \u00b7 ready 0 \u00b7 available 0");
        assertThat(page.deploymentBars()).containsExactly(Map.entry("checkout", counts(10, 10, 10, 10)),
                Map.entry("checkout-canary", counts(0, 0, 0, 0)));
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 0), Map.entry("1.0", 10));
        // The table keeps every sample: the canary growing to 3 at 25% and going back to 0.
        assertThat(page.text()).contains("Replica counts as a table (7 samples)")
                .contains("stable 1.0: 10/10/10/10, canary 2.0: 3/3/1/1")
                .contains("stable 1.0: 10/10/10/10, canary 2.0: 0/3/3/3");
    }

    @Test
    void aBlueGreenReleaseSwitchedBackShowsItsPhasesTheSwitchAndTheSwitchBackOnTheTrafficChart() throws IOException {
        RenderedPage page = render(StrategyFixtures.blueGreenSwitchedBack(), "blue-green-switched-back");

        assertThat(page.field("state")).isEqualTo("Switched back");
        assertThat(page.fieldAttribute("state", "data-state")).isEqualTo("rolled-back");
        assertThat(page.field("reason")).isEqualTo(StrategyFixtures.SWITCHED_BACK);
        assertThat(page.steps()).containsExactly(Map.entry("deploy", "passed"), Map.entry("checks", "passed"),
                Map.entry("approval", "passed"), Map.entry("switch", "passed"), Map.entry("watch", "failed"),
                Map.entry("scale-down", "pending"), Map.entry("rollback", "passed"));
        assertThat(page.step("watch")).contains("failed").contains("0.062 violates < 1%; switching web back to blue");
        assertThat(page.step("rollback")).contains("switch back").contains("back on 1.0: 100% of requests");
        assertThat(page.text()).contains("Traffic weight per version over time (service-selector)")
                .contains("At the end: 2.0 0%, 1.0 100%.");
        assertThat(page.markers()).containsExactly("switch", "switch back");
        assertThat(page.approval("switch")).contains("Switch web to green?: approved by bob at")
                .contains("switch web from blue to green");
        assertThat(page.check("errorRate")).contains("Latest: 6.2% — fail (2 measurements)");
        assertThat(page.deploymentBarHeadings()).containsExactly("blue \u00b7 1.0 (old) \u00b7 web-blue",
                "green \u00b7 2.0 (new) \u00b7 web-green");
        assertThat(page.deploymentBars()).containsExactly(Map.entry("web-blue", counts(4, 4, 4, 4)),
                Map.entry("web-green", counts(0, 0, 0, 0)));
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 0), Map.entry("1.0", 4));
        assertThat(page.step("deploy")).contains("blue 1.0: 4 of 4 available, green 2.0: 4 of 4 available");
        assertThat(page.text()).contains("Replica counts as a table (5 samples)")
                .contains("blue 1.0: 4/4/4/4, green 2.0: 4/4/2/2");
    }

    @Test
    void aCanaryWaitingForItsApprovalShowsWhatIsAskedAndWhoMayDecideButNoButtonsInTheReport() throws IOException {
        RenderedPage page = render(StrategyFixtures.canaryAwaitingApproval(), "canary-awaiting-approval-report");

        assertThat(page.field("state")).isEqualTo("Awaiting approval");
        assertThat(page.text()).contains("Waiting for a person");
        assertThat(page.steps()).containsEntry("step-6", "passed").containsEntry("step-7", "halted");
        assertThat(page.approval("promote-100")).contains("Promote checkout 2.0 to 100%?: waiting for a decision since")
                .contains("error rate 0.2% (stable 0.2%)").contains("May decide: release-managers, bob");
        assertThat(page.field("approval-where")).isEqualTo("Decide on the build page while the rollout waits.");
        assertThat(page.markup()).doesNotContain("<form").doesNotContain("data-approval-action");
        assertThat(page.deploymentBars()).containsExactly(Map.entry("checkout", counts(10, 10, 10, 10)),
                Map.entry("checkout-canary", counts(3, 3, 3, 3)));
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 3), Map.entry("1.0", 10));
    }

    @Test
    void onAPhoneACanaryTrackItsTrafficChartAndItsApprovalFitTheNarrowScreen() {
        RolloutSnapshot snapshot = StrategyFixtures.canaryAwaitingApproval();
        try (PageServer server = new PageServer(null)) {
            server.page("/" + RolloutReport.FILE_NAME, "text/html", () -> RolloutReport.html(snapshot))
                    .page("/phone.html", "text/html", () -> RolloutReportBrowserTest.PHONE);
            RenderedPage page = RenderedPage.ofFrame(Screenshots.render(server.url("/phone.html"),
                    "canary-awaiting-approval-phone", 500, 3400, 390, 2000).html());

            assertThat(page.field("state")).isEqualTo("Awaiting approval");
            assertThat(page.approval("promote-100")).contains("May decide: release-managers, bob");
            assertThat(page.steps()).hasSize(9).containsEntry("step-7", "halted");
            assertThat(page.chartWidths()).isNotEmpty().allMatch(w -> w >= 280 && w <= 370);
            assertThat(page.deploymentBars()).containsEntry("checkout-canary", counts(3, 3, 3, 3));
        }
    }

    /** Desired, updated, ready and available, as a Deployment's bars carry them. */
    private static Map<String, Integer> counts(int desired, int updated, int ready, int available) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put("desired", desired);
        counts.put("updated", updated);
        counts.put("ready", ready);
        counts.put("available", available);
        return counts;
    }

    private RenderedPage render(RolloutSnapshot snapshot, String name) throws IOException {
        return Screenshots.render(RolloutReport.write(snapshot, dir).toUri().toString(), name, 1280, 3000);
    }
}
