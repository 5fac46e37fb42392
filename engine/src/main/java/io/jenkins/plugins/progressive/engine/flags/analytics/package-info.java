/**
 * What flagd says about a flag's use: evaluations per variant from flagd's evaluation metrics in Prometheus. Works on
 * query answers only, never on the cluster.
 */
package io.jenkins.plugins.progressive.engine.flags.analytics;
