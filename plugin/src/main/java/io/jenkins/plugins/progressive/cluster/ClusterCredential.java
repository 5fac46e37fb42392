package io.jenkins.plugins.progressive.cluster;

import java.util.List;
import java.util.Objects;

/**
 * What the controller authenticates to an API server with, already read out of the credentials store. The
 * secret never appears in {@link #toString()}, so a value that ends up in a log or an exception says only its kind.
 */
public sealed interface ClusterCredential {

    /** Every string that must not show up in a message: the secret itself. */
    List<String> secrets();

    /** A service-account (or other bearer) token, sent as {@code Authorization: Bearer <token>}. */
    record BearerToken(String token) implements ClusterCredential {
        public BearerToken {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("The token is empty.");
            }
            token = token.strip();
        }

        @Override
        public List<String> secrets() {
            return List.of(token);
        }

        @Override
        public String toString() {
            return "BearerToken[****]";
        }
    }

    /**
     * A kubeconfig file's text; its current context's user supplies the credentials (token or client certificate),
     * while the API server URL, TLS and proxy settings of the cluster configuration win over the file's: a file
     * that skips TLS verification or names a proxy the cluster configuration does not allow is refused
     * ({@link ClusterClients}).
     */
    record Kubeconfig(String text) implements ClusterCredential {
        public Kubeconfig {
            Objects.requireNonNull(text, "text");
            if (text.isBlank()) {
                throw new IllegalArgumentException("The kubeconfig file is empty.");
            }
        }

        @Override
        public List<String> secrets() {
            return List.of(text);
        }

        @Override
        public String toString() {
            return "Kubeconfig[****]";
        }
    }
}
