package hudson;

import java.io.IOException;

/** Compile-only declaration of core's {@code hudson.AbortException}. */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException(String message) {
        throw new UnsupportedOperationException("compile-only");
    }
}
