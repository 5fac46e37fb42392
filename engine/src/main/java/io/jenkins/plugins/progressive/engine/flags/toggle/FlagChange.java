package io.jenkins.plugins.progressive.engine.flags.toggle;

/**
 * One flag before and after a change, as compact flagd JSON.
 *
 * @param flagKey the flag
 * @param before its definition before, or null if the change created it
 * @param after its definition after, or null if the change archived it
 */
public record FlagChange(String flagKey, String before, String after) {
}
