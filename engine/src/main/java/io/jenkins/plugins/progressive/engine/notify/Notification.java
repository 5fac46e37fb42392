package io.jenkins.plugins.progressive.engine.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One message to a team's webhook.
 *
 * @param on which moment this is
 * @param subject what rolls out where
 * @param text one sentence for people, e.g. {@code canaryStage shop/feed on prod-eu-west: rolled back at 25%: ...}
 * @param url the rollout's page (decide there), or null when Jenkins has no root URL
 * @param time when it happened
 */
public record Notification(NotifyOn on, RolloutSubject subject, String text, String url, Instant time) {

    public Notification {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
