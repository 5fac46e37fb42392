package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extra request header, e.g. {@code X-Scope-OrgID} for a Cortex or Mimir tenant or {@code THANOS-TENANT}. A secret
 * header's value never shows up in {@link #toString()} or a message; headers whose names look like credentials
 * ({@code Authorization}, {@code Cookie}, {@code X-Api-Key}, anything with "token", "secret", "password", ...) are
 * secret whatever the caller says.
 *
 * @param name an RFC 9110 token (letters, digits and {@code !#$%&'*+-.^_`|~}), not one the HTTP client owns
 * @param value no CR, LF or other control characters except tab
 * @param secret whether to hide the value
 */
public record PrometheusHeader(String name, String value, boolean secret) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final List<String> SECRET_NAME_PARTS =
            List.of("auth", "token", "secret", "password", "passwd", "key", "cookie", "credential", "session");
    // Set by the JDK client or by this client itself; a second value would be rejected or ambiguous.
    private static final Set<String> RESERVED = Set.of("connection", "content-length", "content-type", "expect",
            "host", "upgrade", "accept", "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");

    public PrometheusHeader {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("prometheus.headers: header name must be a token (letters, digits, "
                    + "'-', no spaces, CR or LF), was " + quoted(name));
        }
        String field = "prometheus.headers[" + name + "]";
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(field + ": is set by the client and cannot be configured");
        }
        if (value == null) {
            throw new IllegalArgumentException(field + ": value must be set");
        }
        // The value itself is never echoed: it may be a secret.
        if (value.chars().anyMatch(c -> c != '\t' && (Character.isISOControl(c)))) {
            throw new IllegalArgumentException(field + ": value must not contain CR, LF or other control characters");
        }
        secret = secret || looksSecret(name);
    }

    /** A header that is secret only if its name says so. */
    public static PrometheusHeader of(String name, String value) {
        return new PrometheusHeader(name, value, false);
    }

    /** A header whose value is a secret whatever its name. */
    public static PrometheusHeader secret(String name, String value) {
        return new PrometheusHeader(name, value, true);
    }

    static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_NAME_PARTS.stream().anyMatch(lower::contains);
    }

    @Override
    public String toString() {
        return name + ": " + (secret ? "****" : value);
    }

    private static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        return "'" + text.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }
}
