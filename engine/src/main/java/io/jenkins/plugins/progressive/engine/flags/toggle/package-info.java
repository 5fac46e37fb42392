/**
 * What the {@code flagToggle} step calls: {@link io.jenkins.plugins.progressive.engine.flags.toggle.FlagToggle}
 * applies a request to a store with retried optimistic concurrency and audit, and makes the stale report.
 */
package io.jenkins.plugins.progressive.engine.flags.toggle;
