package io.jenkins.plugins.progressive.engine.analysis;

/** Hears an analysis as it goes, for the build log and the progress page. Called from the analysis' threads. */
public interface AnalysisListener {

    AnalysisListener NONE = new AnalysisListener() {
    };

    /** A measurement was taken (dry runs included). */
    default void onMeasurement(Measurement measurement) {
    }

    /** The analysis reached its verdict; called once. */
    default void onDone(AnalysisResult result) {
    }
}
