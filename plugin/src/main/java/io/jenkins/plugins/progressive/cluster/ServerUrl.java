package io.jenkins.plugins.progressive.cluster;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The check for the URL of a server the controller talks to (Kubernetes API server, Prometheus): absolute, http or
 * https, with a host and nothing a client would silently drop or misuse.
 */
public final class ServerUrl {
    /** Longer than any real URL; keeps a pasted document out of the messages. */
    private static final int MAX_LENGTH = 2048;

    private ServerUrl() {}

    /**
     * @param url the URL as typed
     * @param what what the URL is for, e.g. "API server URL", used in the messages
     * @return why {@code url} is unusable, or empty if it is fine
     */
    public static Optional<String> problem(@CheckForNull String url, String what) {
        if (url == null || url.isBlank()) {
            return Optional.of("The " + what + " is required.");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("The " + what + " is too long (" + url.length() + " characters).");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of("The " + what + " is not a URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("The " + what + " must start with https:// (or http://), e.g. https://10.0.0.1:6443.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("The " + what + " names no host.");
        }
        // Credentials in the URL would be sent along and shown wherever the URL is shown.
        if (uri.getRawUserInfo() != null) {
            return Optional.of("The " + what + " must not contain a user name or password; use credentials.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("The " + what + " must not have a query (?...) or fragment (#...).");
        }
        return Optional.empty();
    }

    /** Whether the URL sends everything, tokens included, in clear text. */
    public static boolean isPlainHttp(String url) {
        return url.trim().toLowerCase(Locale.ROOT).startsWith("http://");
    }
}
