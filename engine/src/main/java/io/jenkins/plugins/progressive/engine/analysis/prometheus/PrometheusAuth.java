package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * How requests to Prometheus authenticate. The secrets are plain values here (the plugin resolves them from the
 * credentials store just before it builds a connection); {@code toString()} never shows them.
 */
public sealed interface PrometheusAuth {

    /** No authentication, e.g. Prometheus inside the cluster network. */
    static PrometheusAuth none() {
        return None.INSTANCE;
    }

    /** {@code Authorization: Bearer <token>}, e.g. a service-account token in front of Thanos or OpenShift. */
    static PrometheusAuth bearer(String token) {
        return new Bearer(token);
    }

    /** {@code Authorization: Basic ...}, e.g. Prometheus' own {@code basic_auth_users} or a reverse proxy. */
    static PrometheusAuth basic(String username, String password) {
        return new Basic(username, password);
    }

    /** The {@code Authorization} header value to send, if any. */
    Optional<String> authorizationHeader();

    /** Every string that must not show up in a log line or message: the secrets and their encodings. */
    List<String> secrets();

    /** Anonymous access. */
    enum None implements PrometheusAuth {
        INSTANCE;

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }

        @Override
        public List<String> secrets() {
            return List.of();
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /**
     * Bearer token authentication.
     *
     * @param token the token; no whitespace or control characters
     */
    record Bearer(String token) implements PrometheusAuth {

        public Bearer {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("prometheus.auth.token: must not be blank");
            }
            // A pasted token often carries a trailing newline; a header cannot. Do not echo the token.
            if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException(
                        "prometheus.auth.token: must not contain whitespace or control characters (check for a "
                                + "trailing newline)");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public List<String> secrets() {
            return List.of(token);
        }

        @Override
        public String toString() {
            return "Bearer[token=****]";
        }
    }

    /**
     * HTTP basic authentication (RFC 7617, UTF-8).
     *
     * @param username no ':' and no control characters (it is not secret and may be shown)
     * @param password no control characters
     */
    record Basic(String username, String password) implements PrometheusAuth {

        public Basic {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("prometheus.auth.username: must not be empty");
            }
            if (username.indexOf(':') >= 0 || username.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "prometheus.auth.username: must not contain ':' or control characters");
            }
            if (password == null) {
                throw new IllegalArgumentException("prometheus.auth.password: must be set");
            }
            if (password.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "prometheus.auth.password: must not contain control characters (check for a trailing "
                                + "newline)");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Basic " + encoded());
        }

        @Override
        public List<String> secrets() {
            // The encoded pair is as good as the password: a server echoing the header must not leak it either.
            return password.isEmpty() ? List.of(encoded()) : List.of(password, encoded());
        }

        private String encoded() {
            return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=****]";
        }
    }
}
