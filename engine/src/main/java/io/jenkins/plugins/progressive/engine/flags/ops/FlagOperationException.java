package io.jenkins.plugins.progressive.engine.flags.ops;

/**
 * An operation that cannot be applied: bad input (the message names the parameter and what is allowed) or a change the
 * current flag set does not allow (an unknown flag, a variant it does not have). Thrown before anything is written.
 */
public final class FlagOperationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public FlagOperationException(String message) {
        super(message);
    }

    public FlagOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
