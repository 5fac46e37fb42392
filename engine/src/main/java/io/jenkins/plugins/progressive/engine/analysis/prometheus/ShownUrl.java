package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL as a refusal may quote it: never its user info, on one line, and short. A refused URL is by definition one
 * no parser agreed on, so the user info is not found by parsing: everything between the scheme and the last
 * {@code @} (from the start, unless the scheme is http or https) is hidden, whatever it holds (line breaks, tabs, any Unicode, percent escapes, more {@code @}s). That
 * hides a host too when a path holds an {@code @}, which is the safe side. Control and line-separator characters
 * in what remains are escaped, so the quote cannot forge a log line.
 */
final class ShownUrl {

    /** Longer than any real Prometheus URL; keeps a pasted document out of the message. */
    static final int MAX_SHOWN = 200;

    /** Only these are kept before the hidden part: in {@code admin:pw@host} the "scheme" is the user name. */
    private static final Pattern SCHEME = Pattern.compile("^\\s*(?i:https?):");

    private ShownUrl() {
    }

    /** {@code url} in single quotes without its user info, or {@code null}. */
    static String quote(String url) {
        if (url == null) {
            return "null";
        }
        String shown = url;
        int at = url.lastIndexOf('@');
        if (at >= 0) {
            Matcher scheme = SCHEME.matcher(url);
            String kept = scheme.find() && scheme.end() <= at ? url.substring(0, scheme.end()) : "";
            shown = kept + "****" + url.substring(at);
        }
        shown = escapeControls(shown);
        return "'" + (shown.length() > MAX_SHOWN ? shown.substring(0, MAX_SHOWN) + "..." : shown) + "'";
    }

    private static String escapeControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
