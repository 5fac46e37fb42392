/**
 * flagd's evaluation metrics as its Prometheus endpoint exports them, without flagd:
 * {@link io.jenkins.plugins.progressive.sandbox.flagd.FlagdMetrics} has the counters, a test says which variants it
 * evaluated, and the sandbox's real Prometheus scrapes them. The sandbox does not evaluate flags itself (it must not
 * depend on the engine); tests evaluate with whatever they check and report the outcomes here.
 */
package io.jenkins.plugins.progressive.sandbox.flagd;
