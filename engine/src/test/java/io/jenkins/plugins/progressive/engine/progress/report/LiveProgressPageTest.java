package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The build-page variant: the renderer loaded as separate resources under a Content-Security-Policy as strict as
 * Jenkins' (no inline script or style at all), polling a JSON URL, as the plugin will serve it.
 */
class LiveProgressPageTest {

    /** What Jenkins sends with its pages when the CSP is enforced; the renderer must need nothing more. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
    private static final String PAGE = "/job/checkout/142/rollout/";
    private static final String JSON = "/job/checkout/142/rollout/api/json";

    private final AtomicInteger polls = new AtomicInteger();
    private PageServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePageRendersUnderJenkinsCspFollowsTheRolloutAndStopsPollingWhenItEnds() {
        // First the rollout in its second batch, then finished: the page must redraw once and then stop asking.
        serve(ReportFixtures.runningInBatch2(), ReportFixtures.rolledBack());

        // Five seconds of page time at a 500 ms poll interval: a page that kept polling would ask about ten times.
        HeadlessChromium.Result result = HeadlessChromium.dumpDom(server.url(PAGE), 1280, 1600, 5000);
        RenderedPage page = new RenderedPage(result.dom());

        assertThat(page.field("state")).isEqualTo("Rolled back");
        assertThat(page.field("reason")).isEqualTo(ReportFixtures.ROLLED_BACK);
        assertThat(page.steps()).containsEntry("batch-2", "failed").containsEntry("rollback", "passed");
        assertThat(polls.get()).as("requests for the snapshot").isEqualTo(2);
        assertThat(result.log()).doesNotContain("Content Security Policy").doesNotContain("Refused to");
    }

    @Test
    void aRunningRolloutShowsWhatTheEngineDoesNowAndWhichStepItIsAt() {
        RolloutSnapshot running = ReportFixtures.runningInBatch2();
        serve(running, running);

        RenderedPage page = new RenderedPage(HeadlessChromium.dumpDom(server.url(PAGE), 1280, 1600, 1200).dom());

        assertThat(page.field("state")).isEqualTo("Running");
        assertThat(page.field("activity")).startsWith("Now: verify — batch 2 of 3: checking the new version");
        assertThat(page.steps()).containsExactly(Map.entry("batch-1", "passed"), Map.entry("batch-2", "running"),
                Map.entry("batch-3", "pending"));
        assertThat(page.versionBars()).containsExactly(Map.entry("2.0", 5), Map.entry("1.0", 5));
        assertThat(page.text()).contains("· live");
        assertThat(polls.get()).as("a running rollout is polled again").isGreaterThan(1);
    }

    private void serve(RolloutSnapshot first, RolloutSnapshot then) {
        server = new PageServer(CSP).renderer()
                .page(PAGE, "text/html", () -> """
                        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>checkout #142</title>
                        <link rel="stylesheet" href="/static/rollout-progress.css"></head><body>
                        <div class="pdp-rollout" data-rollout-progress data-snapshot-url="%s" data-poll-ms="500"></div>
                        <script src="/static/rollout-charts.js"></script><script src="/static/rollout-progress.js"></script>
                        </body></html>""".formatted(JSON))
                .page(JSON, "application/json", () -> SnapshotJson.write(polls.incrementAndGet() == 1 ? first : then));
    }
}
