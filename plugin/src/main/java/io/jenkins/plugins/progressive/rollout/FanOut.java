package io.jenkins.plugins.progressive.rollout;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisListener;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisResult;
import io.jenkins.plugins.progressive.engine.analysis.Measurement;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.event.RolloutListener;
import java.util.List;
import java.util.Objects;

/**
 * One listener for the engine that tells several (the build log, the page's recorder). The engine hands gate
 * measurements to its listener only if it is an {@link AnalysisListener}, so this is both.
 */
public final class FanOut implements RolloutListener, AnalysisListener {
    private final List<Object> listeners;

    public FanOut(Object... listeners) {
        this.listeners = java.util.Arrays.stream(listeners).filter(Objects::nonNull).toList();
    }

    @Override
    public void onEvent(RolloutEvent event) {
        for (Object listener : listeners) {
            if (listener instanceof RolloutListener rollout) {
                rollout.onEvent(event);
            }
        }
    }

    @Override
    public void onMeasurement(Measurement measurement) {
        for (Object listener : listeners) {
            if (listener instanceof AnalysisListener analysis) {
                analysis.onMeasurement(measurement);
            }
        }
    }

    @Override
    public void onDone(AnalysisResult result) {
        for (Object listener : listeners) {
            if (listener instanceof AnalysisListener analysis) {
                analysis.onDone(result);
            }
        }
    }
}
