package io.jenkins.plugins.progressive.engine.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of an analysis: the verdict, the reason in one sentence (naming the check and its numbers), and every
 * measurement taken.
 */
public record AnalysisResult(AnalysisVerdict verdict, String reason, List<Measurement> measurements) {

    public AnalysisResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        measurements = List.copyOf(measurements);
    }
}
