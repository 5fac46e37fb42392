package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Compile-only declaration of core's {@code hudson.model.Actionable}. */
public abstract class Actionable {
    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("compile-only");
    }

    public boolean addOrReplaceAction(@NonNull Action a) {
        throw new UnsupportedOperationException("compile-only");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public <T extends Action> java.util.List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("compile-only");
    }
}
