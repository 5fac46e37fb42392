package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Compile-only declaration of core's {@code hudson.ExtensionList}. */
public class ExtensionList<T> {
    private ExtensionList() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("compile-only");
    }
}
