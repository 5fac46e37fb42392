package io.jenkins.plugins.progressive.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier against a real HTTP receiver: what it posts, in which order, what it retries, and that a webhook URL
 * (a secret) never shows in what it reports.
 */
class WebhookNotifierTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final RolloutSubject SUBJECT = new RolloutSubject("canaryStage", "prod-eu-west", "shop", "feed",
            "shop/feed #42");
    private static final String PAGE = "https://ci.example/job/shop/job/feed/42/rollout-1/";
    private static final String SECRET_PATH = "/services/T000/B000/XXXXsecretXXXX";

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private HttpServer receiver;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Integer status = answers.poll();
            int code = status == null ? 200 : status;
            if (code == 200) {
                received.add(new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        receiver.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        scheduler.shutdownNow();
    }

    @Test
    void approvalDecisionAndEndingArriveInOrderWithTheLinkAndWhatRollsOutWhere() {
        WebhookNotifier notifier = notifier(EnumSet.allOf(NotifyOn.class));
        ApprovalRequest request = new ApprovalRequest("step-3", "Continue the canary of feed at 25%?", List.of(),
                List.of("release-managers"), Duration.ZERO, ApprovalRequest.Decision.REJECTED);

        notifier.onEvent(new RolloutEvent.ApprovalRequested(NOW, request, "waiting"));
        notifier.onEvent(new RolloutEvent.TrafficShifted(NOW, 25, RolloutEvent.TrafficShifted.Shift.STEP, "25%"));
        notifier.onEvent(new RolloutEvent.ApprovalDecided(NOW, "step-3",
                new Approval(true, "alice", "looks good", NOW, false), "approved"));
        notifier.finished(NotifyOn.PROMOTED, "feed runs shop/feed:2.0 on all 10 stable replicas");
        notifier.drained().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(received).extracting(j -> j.path("event").asText())
                .containsExactly("approval", "decision", "promoted");
        assertThat(received.get(0).path("text").asText()).isEqualTo("canaryStage shop/feed on prod-eu-west "
                + "(shop/feed #42): waiting for approval: Continue the canary of feed at 25%? (approvers: "
                + "release-managers) — " + PAGE);
        assertThat(received.get(1).path("text").asText()).contains("approval 'step-3' approved by alice");
        assertThat(received.get(2).path("rollout").path("cluster").asText()).isEqualTo("prod-eu-west");
        assertThat(received.get(2).path("url").asText()).isEqualTo(PAGE);
        assertThat(received.get(2).path("time").asText()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(problems).isEmpty();
    }

    @Test
    void onlyTheChosenMomentsAreSent() {
        WebhookNotifier notifier = notifier(EnumSet.of(NotifyOn.ROLLED_BACK, NotifyOn.FAILED));
        notifier.onEvent(new RolloutEvent.ApprovalRequested(NOW, new ApprovalRequest("switch", "Switch?", List.of(),
                List.of(), Duration.ZERO, ApprovalRequest.Decision.REJECTED), "waiting"));
        notifier.finished(NotifyOn.ROLLED_BACK, "step 2 of 5 at 20%: metric gate failed: ...");
        notifier.drained().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(received).extracting(j -> j.path("event").asText()).containsExactly("rolled-back");
        assertThat(received.get(0).path("text").asText()).contains(": rolled back: step 2 of 5 at 20%");
    }

    @Test
    void serverErrorsAreRetriedAndOtherRefusalsReportedWithoutTheSecretPartOfTheUrl() {
        answers.add(503);
        answers.add(500);
        WebhookNotifier notifier = notifier(EnumSet.allOf(NotifyOn.class));
        notifier.finished(NotifyOn.FAILED, "refused: the lock is held by another build");
        notifier.drained().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(received).hasSize(1);
        assertThat(problems).isEmpty();

        answers.add(404);
        notifier.finished(NotifyOn.FAILED, "again");
        answers.add(500);
        answers.add(500);
        answers.add(500);
        notifier.finished(NotifyOn.FAILED, "and again");
        notifier.drained().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(received).hasSize(1);
        assertThat(problems).containsExactly(
                "notification (failed) to http://127.0.0.1/… was not delivered: HTTP 404",
                "notification (failed) to http://127.0.0.1/… was not delivered: HTTP 500 after 3 attempts");
        assertThat(String.join(" ", problems)).doesNotContain("secret", "T000");
    }

    @Test
    void anUnreachableWebhookNeverHoldsUpTheRollout() throws IOException {
        receiver.stop(0);
        WebhookNotifier notifier = notifier(EnumSet.allOf(NotifyOn.class));
        long started = System.nanoTime();
        notifier.finished(NotifyOn.ROLLED_BACK, "traffic is back on stable");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

        notifier.drained().orTimeout(20, TimeUnit.SECONDS).join();
        assertThat(problems).singleElement().asString().contains("was not delivered: ConnectException after 3 attempts");
    }

    @Test
    void aWebhookThatIsNoHttpUrlIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new WebhookNotifier(URI.create("file:///etc/secret-hook"), EnumSet.allOf(NotifyOn.class),
                SUBJECT, PAGE, Clock.systemUTC(), scheduler, problems::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the notification webhook must be an absolute http(s) URL");
        assertThat(NotifyOn.parse("rollback")).isEqualTo(NotifyOn.ROLLED_BACK);
        assertThatThrownBy(() -> NotifyOn.parse("deployed")).hasMessage(
                "'deployed' is not a moment to notify on; use approval, decision, promoted, rolled-back, failed");
    }

    private WebhookNotifier notifier(EnumSet<NotifyOn> on) {
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + SECRET_PATH);
        return new WebhookNotifier(url, on, SUBJECT, PAGE, Clock.fixed(NOW, ZoneOffset.UTC), scheduler, problems::add,
                Duration.ofMillis(50));
    }
}
