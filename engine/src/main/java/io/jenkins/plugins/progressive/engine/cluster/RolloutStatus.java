package io.jenkins.plugins.progressive.engine.cluster;

import java.util.Objects;

/**
 * A snapshot of a Deployment rollout: the verdict, the message {@code kubectl rollout status} would print for it, and
 * the replica counts behind it (for the log and the progress page).
 *
 * @param phase waiting, complete or failed
 * @param message kubectl's words, e.g. {@code Waiting for deployment "web" rollout to finish: 2 of 4 updated replicas
 *     are available...}
 * @param desired {@code spec.replicas}
 * @param updated replicas running the latest template
 * @param ready ready replicas, old and new
 * @param available available replicas (ready for {@code minReadySeconds}), old and new
 * @param total all replicas, old and new
 */
public record RolloutStatus(RolloutPhase phase, String message, int desired, int updated, int ready, int available,
        int total) {

    public RolloutStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
    }

    public boolean isDone() {
        return phase != RolloutPhase.WAITING;
    }
}
