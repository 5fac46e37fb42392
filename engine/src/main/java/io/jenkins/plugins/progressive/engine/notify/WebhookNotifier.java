package io.jenkins.plugins.progressive.engine.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import io.jenkins.plugins.progressive.engine.strategy.RolloutFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells a team's webhook (a Slack or Microsoft Teams incoming webhook, or any receiver of JSON) when a rollout waits
 * for approval, when a gate was decided, and how the rollout ended. One JSON {@code POST} per moment: {@code text}
 * (a sentence with the page's link, which Slack and Teams show as is) plus {@code event}, {@code rollout} and
 * {@code url} for receivers that route.
 *
 * <p>Delivery never holds up or fails the rollout: messages go out in order, one at a time, each with a few attempts
 * (on a refused connection, a timeout, 429 or 5xx; never on another 4xx) and a short back-off, on the shared
 * scheduler and the HTTP client's own threads. A message that cannot be delivered is reported through
 * {@code problems} naming only the webhook's scheme and host: the rest of a webhook URL is its secret.
 */
public final class WebhookNotifier implements RolloutListener {

    static final int ATTEMPTS = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final Set<NotifyOn> on;
    private final RolloutSubject subject;
    private final String pageUrl;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> problems;
    private final Duration backOff;
    private final HttpClient http;
    private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);

    /**
     * @param webhook where to post; http or https
     * @param on the moments to tell; empty tells nothing
     * @param subject what rolls out where
     * @param pageUrl the rollout's page, or null
     * @param problems told once per message that could not be delivered
     * @throws IllegalArgumentException if the webhook is not an absolute http(s) URL (the message shows no part of it)
     */
    public WebhookNotifier(URI webhook, Set<NotifyOn> on, RolloutSubject subject, String pageUrl, Clock clock,
            ScheduledExecutorService scheduler, Consumer<String> problems) {
        this(webhook, on, subject, pageUrl, clock, scheduler, problems, HttpClient::newBuilder);
    }

    /**
     * As {@link #WebhookNotifier(URI, Set, RolloutSubject, String, Clock, ScheduledExecutorService, Consumer)}, with
     * the HTTP client started from {@code base} (called once): its proxy selector (which also decides which hosts
     * bypass the proxy), proxy authentication and executor apply, e.g. Jenkins'
     * {@code ProxyConfiguration::newHttpClientBuilder}; the connect timeout and redirect policy are this notifier's.
     */
    public WebhookNotifier(URI webhook, Set<NotifyOn> on, RolloutSubject subject, String pageUrl, Clock clock,
            ScheduledExecutorService scheduler, Consumer<String> problems, Supplier<HttpClient.Builder> base) {
        this(webhook, on, subject, pageUrl, clock, scheduler, problems, base, Duration.ofSeconds(1));
    }

    WebhookNotifier(URI webhook, Set<NotifyOn> on, RolloutSubject subject, String pageUrl, Clock clock,
            ScheduledExecutorService scheduler, Consumer<String> problems, Duration backOff) {
        this(webhook, on, subject, pageUrl, clock, scheduler, problems, HttpClient::newBuilder, backOff);
    }

    WebhookNotifier(URI webhook, Set<NotifyOn> on, RolloutSubject subject, String pageUrl, Clock clock,
            ScheduledExecutorService scheduler, Consumer<String> problems, Supplier<HttpClient.Builder> base,
            Duration backOff) {
        Objects.requireNonNull(webhook, "webhook");
        String scheme = webhook.getScheme() == null ? "" : webhook.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || webhook.getHost() == null) {
            // Never echo the value: a webhook URL is a secret.
            throw new IllegalArgumentException("the notification webhook must be an absolute http(s) URL");
        }
        this.webhook = webhook;
        this.on = on.isEmpty() ? EnumSet.noneOf(NotifyOn.class) : EnumSet.copyOf(on);
        this.subject = Objects.requireNonNull(subject, "subject");
        this.pageUrl = pageUrl;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.backOff = backOff;
        this.http = Objects.requireNonNull(base.get(), "base.get()").connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Where messages go, for messages: scheme and host only. */
    public String destination() {
        return webhook.getScheme() + "://" + webhook.getHost() + "/…";
    }

    @Override
    public void onEvent(RolloutEvent event) {
        if (event instanceof RolloutEvent.ApprovalRequested requested) {
            String who = requested.request().approvers().isEmpty() ? ""
                    : " (approvers: " + String.join(", ", requested.request().approvers()) + ")";
            send(NotifyOn.APPROVAL, "waiting for approval: " + requested.request().title() + who);
        } else if (event instanceof RolloutEvent.ApprovalDecided decided) {
            send(NotifyOn.DECISION, "approval '" + decided.requestId() + "' " + decided.approval().describe());
        }
    }

    /** The rollout ended; {@code how} is {@link NotifyOn#PROMOTED}, {@link NotifyOn#ROLLED_BACK} or {@link NotifyOn#FAILED}. */
    public void finished(NotifyOn how, String message) {
        if (how != NotifyOn.PROMOTED && how != NotifyOn.ROLLED_BACK && how != NotifyOn.FAILED) {
            throw new IllegalArgumentException("a rollout ends promoted, rolled back or failed, not " + how);
        }
        String verb = switch (how) {
            case PROMOTED -> "promoted";
            case ROLLED_BACK -> "rolled back";
            default -> "failed";
        };
        send(how, verb + ": " + message);
    }

    /** Completes when every message so far was delivered or given up on; for an orderly end and for tests. */
    public synchronized CompletableFuture<Void> drained() {
        return queue;
    }

    private synchronized void send(NotifyOn moment, String sentence) {
        if (!on.contains(moment)) {
            return;
        }
        Notification notification = new Notification(moment, subject, subject.describe() + ": " + sentence
                + (pageUrl == null ? "" : " — " + pageUrl), pageUrl, clock.instant());
        byte[] body = payload(notification);
        queue = queue.thenCompose(ignored -> deliver(moment, body, 1));
    }

    private CompletableFuture<Void> deliver(NotifyOn moment, byte[] body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            if (error == null && status >= 200 && status < 300) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            boolean retry = error != null || status == 429 || status >= 500;
            String why = error != null ? RolloutFailure.cause(error).getClass().getSimpleName() : "HTTP " + status;
            if (!retry || attempt >= ATTEMPTS) {
                problems.accept("notification (" + moment.word() + ") to " + destination() + " was not delivered: "
                        + why + (attempt > 1 ? " after " + attempt + " attempts" : ""));
                return CompletableFuture.<Void>completedFuture(null);
            }
            CompletableFuture<Void> again = new CompletableFuture<>();
            scheduler.schedule(() -> deliver(moment, body, attempt + 1).whenComplete((v, e) -> again.complete(null)),
                    backOff.toMillis() * attempt, TimeUnit.MILLISECONDS);
            return again;
        }).thenCompose(next -> next);
    }

    static byte[] payload(Notification notification) {
        ObjectNode json = JSON.createObjectNode();
        json.put("text", notification.text());
        json.put("event", notification.on().word());
        ObjectNode rollout = json.putObject("rollout");
        RolloutSubject subject = notification.subject();
        rollout.put("strategy", subject.strategy());
        rollout.put("cluster", subject.cluster());
        rollout.put("namespace", subject.namespace());
        rollout.put("app", subject.app());
        rollout.put("build", subject.build());
        json.put("url", notification.url());
        json.put("time", notification.time().toString());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
