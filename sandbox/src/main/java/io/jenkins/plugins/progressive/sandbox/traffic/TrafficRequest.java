package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What routing looks at in one request: its path and headers (names lower case, as HTTP/2 and
 * Envoy see them). Cookies travel in the {@code cookie} header, as on the wire.
 *
 * @param path    request path, starting with '/'
 * @param headers header values by lower-case name
 */
public record TrafficRequest(String path, Map<String, String> headers) {

    public TrafficRequest {
        Objects.requireNonNull(path, "path must not be null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
        }
        Map<String, String> lower = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers must not be null")
                .forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lower);
    }

    /** A request with these headers and cookies (the cookies become one {@code cookie} header). */
    public static TrafficRequest of(String path, Map<String, String> headers, Map<String, String> cookies) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (!cookies.isEmpty()) {
            all.put("cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return new TrafficRequest(path, all);
    }

    /** The value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The value of a cookie from the {@code cookie} header. */
    public Optional<String> cookie(String name) {
        return header("cookie").flatMap(header -> {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                    return Optional.of(pair.substring(equals + 1).trim());
                }
            }
            return Optional.empty();
        });
    }
}
