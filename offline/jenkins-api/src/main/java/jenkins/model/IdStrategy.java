package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Compile-only declaration of core's {@code jenkins.model.IdStrategy}. */
public abstract class IdStrategy {
    public boolean equals(@NonNull String id1, @NonNull String id2) {
        throw new UnsupportedOperationException("compile-only");
    }
}
