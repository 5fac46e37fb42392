package io.jenkins.plugins.progressive.engine.analysis;

/**
 * How a check treats a query that returns several series. Unset, several series are an error: the query probably
 * misses a {@code sum} and would otherwise be judged on whichever series came first.
 */
public enum Reduction {
    /** Exactly one series is expected. */
    SINGLE,
    /** The largest value is judged. */
    MAX,
    /** The smallest value is judged. */
    MIN,
    /** Every series must satisfy the condition (e.g. per-pod checks). */
    EACH
}
