package io.jenkins.plugins.progressive.engine.event;

/** Hears a rollout's events; called from the engine's threads, so implementations must be thread-safe and quick. */
@FunctionalInterface
public interface RolloutListener {

    RolloutListener NONE = event -> { };

    void onEvent(RolloutEvent event);
}
