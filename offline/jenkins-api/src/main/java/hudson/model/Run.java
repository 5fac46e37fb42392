package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.File;
import java.io.IOException;
import java.util.List;

/** Compile-only declaration of core's {@code hudson.model.Run}. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    @Override
    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("compile-only");
    }

    public @NonNull List<Cause> getCauses() {
        throw new UnsupportedOperationException("compile-only");
    }

    public @NonNull File getRootDir() {
        throw new UnsupportedOperationException("compile-only");
    }

    public @CheckForNull <T extends Cause> T getCause(Class<T> type) {
        throw new UnsupportedOperationException("compile-only");
    }

    public @NonNull JobT getParent() {
        throw new UnsupportedOperationException("compile-only");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("compile-only");
    }

    public @NonNull String getUrl() {
        throw new UnsupportedOperationException("compile-only");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("compile-only");
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException("compile-only");
    }
}
