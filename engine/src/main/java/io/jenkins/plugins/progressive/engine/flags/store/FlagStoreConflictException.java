package io.jenkins.plugins.progressive.engine.flags.store;

/** The object changed between read and write (HTTP 409): nothing was written; read again and re-apply. */
public final class FlagStoreConflictException extends FlagStoreException {

    private static final long serialVersionUID = 1L;

    public FlagStoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
