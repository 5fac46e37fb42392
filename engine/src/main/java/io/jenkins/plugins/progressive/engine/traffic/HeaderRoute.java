package io.jenkins.plugins.progressive.engine.traffic;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request match that goes to the canary: a header ({@code x-experiment: feed-v2}) or a cookie ({@code canary=always}).
 *
 * @param name identifies the route among those the router manages (DNS label)
 * @param cookie whether {@code key} is a cookie name rather than a header name
 * @param key the header or cookie name
 * @param value the value to match
 * @param match how the value is compared
 */
public record HeaderRoute(String name, boolean cookie, String key, String value, Match match) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public HeaderRoute {
        if (name == null || name.length() > 63 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' must be a DNS label");
        }
        if (key == null || !TOKEN.matcher(key).matches()) {
            throw new IllegalArgumentException((cookie ? "cookie" : "header") + ": '" + key + "' is not a valid name");
        }
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(match, "match");
        if (cookie && match != Match.EXACT) {
            throw new IllegalArgumentException("match: cookie routes match exactly");
        }
        // Refused here, when the plan is built: a router would find it only after traffic already moved.
        String problem = match == Match.REGEX ? RegexSyntax.problem(value) : null;
        if (problem != null) {
            throw new IllegalArgumentException("value: " + problem);
        }
    }

    public static HeaderRoute header(String name, String header, String value) {
        return new HeaderRoute(name, false, header, value, Match.EXACT);
    }

    public static HeaderRoute cookie(String name, String cookie, String value) {
        return new HeaderRoute(name, true, cookie, value, Match.EXACT);
    }

    public enum Match { EXACT, PREFIX, REGEX }
}
