package io.jenkins.plugins.progressive.cluster;

import java.util.Objects;

/**
 * The outcome of a "Test connection": whether the server answered as expected, and a sentence for the admin that
 * holds no secret.
 */
public record ProbeResult(boolean ok, String message) {
    public ProbeResult {
        Objects.requireNonNull(message, "message");
    }

    public static ProbeResult ok(String message) {
        return new ProbeResult(true, message);
    }

    public static ProbeResult failed(String message) {
        return new ProbeResult(false, message);
    }
}
