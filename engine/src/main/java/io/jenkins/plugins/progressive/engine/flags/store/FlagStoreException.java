package io.jenkins.plugins.progressive.engine.flags.store;

/** A store cannot be read or written: the stored text is not a flag set, or the API server refused. */
public class FlagStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FlagStoreException(String message) {
        super(message);
    }

    public FlagStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
