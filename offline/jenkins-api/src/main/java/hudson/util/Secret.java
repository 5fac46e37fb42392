package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Compile-only declaration of core's {@code hudson.util.Secret}. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public String getPlainText() {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        throw new UnsupportedOperationException("compile-only");
    }
}
