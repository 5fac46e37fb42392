package io.jenkins.plugins.progressive.engine.progress.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The build-page variant: the renderer loaded as separate resources under a Content-Security-Policy as strict as
 * Jenkins' (no inline script or style at all), polling a JSON URL, as the plugin will serve it.
 */
@Tag("needs-tools")
class LiveProgressPageTest {

    /** What Jenkins sends with its pages when the CSP is enforced; the renderer must need nothing more. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
    private static final String PAGE = "/job/checkout/142/rollout/";
    private static final String JSON = "/job/checkout/142/rollout/api/json";
    private static final String APPROVE = "/job/checkout/142/rollout/approve";
    private static final String REJECT = "/job/checkout/142/rollout/reject";

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

    @Test
    void aPendingApprovalTheViewerMayDecideGetsAFormThatPostsTheDecisionWithTheCrumb() {
        // Asked 282 s after the start, waiting for 45 s now: the live page counts against the real clock.
        serveApproval(StrategyFixtures.canaryAwaitingApproval(Instant.now().minusSeconds(282 + 45)));

        HeadlessChromium.Result result = HeadlessChromium.dumpDom(server.url(PAGE), 1280, 1600, 1500);
        RenderedPage page = new RenderedPage(result.dom());

        assertThat(page.field("state")).isEqualTo("Awaiting approval");
        assertThat(page.approval("promote-100")).contains("Promote checkout 2.0 to 100%?: waiting for a decision")
                .containsPattern("\\((4[4-9]|5\\d) s\\)").contains("Comment (optional)").contains("Approve").contains("Reject");
        assertThat(page.html()).contains("<form class=\"pdp-decide\" method=\"post\" action=\"" + APPROVE + "\"")
                .contains("name=\"id\" value=\"promote-100\"").contains("name=\"Jenkins-Crumb\" value=\"c0ffee\"")
                .contains("formaction=\"" + REJECT + "\"");
        assertThat(result.log()).doesNotContain("Content Security Policy").doesNotContain("Refused to");
        Screenshots.render(server.url(PAGE), "canary-awaiting-approval-live", 1280, 2900, 1280, 1500);
    }

    @Test
    void clickingApprovePostsAPlainFormWithTheCommentTheIdAndTheCrumbUnderJenkinsCsp() {
        serveApproval(StrategyFixtures.canaryAwaitingApproval());
        // A same-origin harness loads the page in a frame, types a comment and presses Approve, as a person would.
        server.page("/harness.html", "text/html", () -> """
                        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>harness</title></head><body>
                        <iframe id="live" src="%s" width="1200" height="1400" title="live"></iframe>
                        <script src="/harness.js"></script></body></html>""".formatted(PAGE))
                .page("/harness.js", "text/javascript", () -> """
                        var tries = 0;
                        function press() {
                          var doc = document.getElementById('live').contentDocument;
                          var button = doc && doc.querySelector('[data-approval-action="approve"]');
                          if (!button) { if (++tries < 100) setTimeout(press, 50); return; }
                          doc.querySelector('textarea[name="comment"]').value = 'error rate flat & fine';
                          button.click();
                        }
                        press();""")
                .page(APPROVE, "text/html", () -> "<!DOCTYPE html><title>decided</title><p>decided</p>");

        HeadlessChromium.Result result = HeadlessChromium.dumpDom(server.url("/harness.html"), 1280, 1600, 3000);

        assertThat(server.posts()).containsExactly(APPROVE + "?id=promote-100&Jenkins-Crumb=c0ffee"
                + "&comment=error+rate+flat+%26+fine&decision=approve");
        assertThat(result.log()).doesNotContain("Content Security Policy").doesNotContain("Refused to");
    }

    @Test
    void aViewerWhoMayNotDecideSeesThePendingApprovalWithoutButtons() {
        serveApproval(StrategyFixtures.canaryAwaitingApproval().withoutActions());

        RenderedPage page = new RenderedPage(HeadlessChromium.dumpDom(server.url(PAGE), 1280, 1600, 1500).dom());

        assertThat(page.approval("promote-100")).contains("waiting for a decision")
                .contains("May decide: release-managers, bob");
        assertThat(page.field("approval-where")).isEqualTo("You cannot decide this one here; the people above can.");
        assertThat(page.markup()).doesNotContain("<form").doesNotContain("data-approval-action");
    }

    /** The build page as the plugin will serve it while an approval is pending: POST URLs and crumb on the root. */
    private void serveApproval(RolloutSnapshot snapshot) {
        server = new PageServer(CSP).renderer()
                .page(PAGE, "text/html", () -> """
                        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>checkout #143</title>
                        <link rel="stylesheet" href="/static/rollout-progress.css"></head><body>
                        <div class="pdp-rollout" data-rollout-progress data-snapshot-url="%s" data-poll-ms="500"
                             data-approve-url="%s" data-reject-url="%s" data-crumb-field="Jenkins-Crumb" data-crumb="c0ffee">
                        </div>
                        <script src="/static/rollout-charts.js"></script><script src="/static/rollout-progress.js"></script>
                        </body></html>""".formatted(JSON, APPROVE, REJECT))
                .page(JSON, "application/json", () -> SnapshotJson.write(snapshot));
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
