package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Compile-only declaration of core's {@code hudson.model.Result}. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final @NonNull Result SUCCESS = compileOnly();

    public static final @NonNull Result FAILURE = compileOnly();

    public static final @NonNull Result ABORTED = compileOnly();

    private Result() {
        throw new UnsupportedOperationException("compile-only");
    }

    private static Result compileOnly() {
        throw new UnsupportedOperationException("compile-only");
    }
}
