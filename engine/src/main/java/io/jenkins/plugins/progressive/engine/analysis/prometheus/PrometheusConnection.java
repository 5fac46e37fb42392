package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where and how to reach one Prometheus-compatible query API. Immutable; every component is validated, and messages
 * name the field ({@code prometheus.url}, {@code prometheus.timeout}, ...). {@link #toString()} and every message
 * derived from a connection hide the token, the password and secret header values.
 *
 * @param url the API's base URL, {@code http} or {@code https}, possibly with a path prefix
 *     ({@code https://thanos.example/prometheus/}); {@code api/v1/query} is resolved against it
 * @param auth how requests authenticate
 * @param tls which server certificates are accepted
 * @param timeout how long one query may take, end to end; also sent to Prometheus as its evaluation timeout
 * @param headers extra request headers, names unique ignoring case
 */
public record PrometheusConnection(URI url, PrometheusAuth auth, PrometheusTls tls, Duration timeout,
        List<PrometheusHeader> headers) {

    /** The timeout unless one is set: long enough for a heavy query, short enough to notice an outage. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public PrometheusConnection {
        url = normalized(url);
        if (auth == null) {
            throw new IllegalArgumentException("prometheus.auth: must be set (PrometheusAuth.none() for none)");
        }
        if (tls == null) {
            throw new IllegalArgumentException("prometheus.tls: must be set (PrometheusTls.systemTrust() for the "
                    + "default)");
        }
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("prometheus.timeout: must be positive (at least 1 ms), was " + timeout);
        }
        headers = List.copyOf(checked(headers, auth));
    }

    /**
     * A connection without authentication, with the system trust store, the default timeout and no extra headers.
     *
     * @param url the base URL as a user typed it
     */
    public static PrometheusConnection of(String url) {
        return new PrometheusConnection(parse(url), PrometheusAuth.none(), PrometheusTls.systemTrust(),
                DEFAULT_TIMEOUT, List.of());
    }

    public PrometheusConnection withAuth(PrometheusAuth newAuth) {
        return new PrometheusConnection(url, newAuth, tls, timeout, headers);
    }

    public PrometheusConnection withTls(PrometheusTls newTls) {
        return new PrometheusConnection(url, auth, newTls, timeout, headers);
    }

    public PrometheusConnection withTimeout(Duration newTimeout) {
        return new PrometheusConnection(url, auth, tls, newTimeout, headers);
    }

    /** This connection with {@code header} added to the extra headers. */
    public PrometheusConnection withHeader(PrometheusHeader header) {
        return new PrometheusConnection(url, auth, tls, timeout,
                Stream.concat(headers.stream(), Stream.of(header)).toList());
    }

    /** The instant-query endpoint: {@code <url>api/v1/query}, keeping any path prefix. */
    public URI queryEndpoint() {
        return url.resolve("api/v1/query");
    }

    /** The range-query endpoint: {@code <url>api/v1/query_range}, keeping any path prefix. */
    public URI rangeQueryEndpoint() {
        return url.resolve("api/v1/query_range");
    }

    /** Every string that must never appear in a message: secrets of the authentication and of secret headers. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(auth.secrets());
        headers.stream().filter(PrometheusHeader::secret).map(PrometheusHeader::value)
                .filter(value -> !value.isEmpty()).forEach(secrets::add);
        return List.copyOf(secrets);
    }

    /** {@code text} with every secret replaced by {@code ****}, for messages built from what a server sent. */
    public String redact(String text) {
        String redacted = text;
        // Longest first, so a secret that contains another one is hidden completely.
        for (String secret : secrets().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            redacted = redacted.replace(secret, "****");
        }
        return redacted;
    }

    @Override
    public String toString() {
        return "PrometheusConnection[url=" + url + ", auth=" + auth + ", tls=" + tls + ", timeout=" + timeout
                + ", headers=" + headers + "]";
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalidUrl(url, "");
        }
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalidUrl(url, "");
        }
    }

    private static URI normalized(URI url) {
        if (url == null) {
            throw invalidUrl(null, "");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))
                || url.getHost() == null) {
            throw invalidUrl(url.toString(), "");
        }
        if (url.getRawUserInfo() != null) {
            throw invalidUrl(url.toString(), "; put credentials into the authentication, not into the URL");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw invalidUrl(url.toString(), "; a query or fragment would be lost");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        // A prefix without its trailing slash would lose its last segment when api/v1/query is resolved.
        return URI.create(scheme + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    private static IllegalArgumentException invalidUrl(String url, String hint) {
        // Never the user info: "https://user:password@host/" must not carry the password into a log.
        return new IllegalArgumentException("prometheus.url: must be an absolute http or https URL, was "
                + ShownUrl.quote(url) + hint);
    }

    private static List<PrometheusHeader> checked(List<PrometheusHeader> headers, PrometheusAuth auth) {
        // Not contains(null): immutable lists throw on it.
        if (headers == null || headers.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("prometheus.headers: must be a list without null entries");
        }
        Set<String> seen = new HashSet<>();
        for (PrometheusHeader header : headers) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (!seen.add(lower)) {
                throw new IllegalArgumentException("prometheus.headers[" + header.name() + "]: given twice");
            }
            if (lower.equals("authorization") && !(auth instanceof PrometheusAuth.None)) {
                throw new IllegalArgumentException("prometheus.headers[" + header.name() + "]: conflicts with "
                        + "prometheus.auth; use one or the other");
            }
        }
        return headers;
    }
}
