package io.jenkins.plugins.progressive.engine.analysis;

/** What one measurement of one check says. */
public enum MeasurementVerdict {
    /** The value meets the condition. */
    PASS,
    /** The value violates the condition. */
    FAIL,
    /** No usable value: no data, NaN, infinity, too little traffic. Never a pass. */
    INCONCLUSIVE,
    /** The measurement could not be taken: Prometheus unreachable, timed out, refused the query. */
    ERROR
}
