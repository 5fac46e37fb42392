package io.jenkins.plugins.progressive.engine.flags;

/**
 * A targeting rule that flagd could not evaluate at all (an unknown operator, a malformed {@code var}), as opposed to
 * a custom operator's invalid input, which is a {@code null} result. flagd reports it as reason ERROR.
 */
final class TargetingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TargetingException(String message) {
        super(message);
    }
}
