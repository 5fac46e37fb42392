package io.jenkins.plugins.progressive.engine.analysis;

/** Where an analysis stands. Only {@link #PASS} lets a strategy move on. */
public enum AnalysisVerdict {
    /** Still measuring. */
    RUNNING,
    /** Every deciding check reached its count of measurements within the limits. */
    PASS,
    /** A check failed more often than its failure limit, or erred too often in a row, or its query was rejected. */
    FAIL,
    /** A check could not tell more often than its inconclusive limit; the strategy pauses for a human or rolls back. */
    INCONCLUSIVE
}
