package hudson.security;

/** Compile-only declaration of core's {@code hudson.security.Permission}. */
public final class Permission {
    private Permission() {
        throw new UnsupportedOperationException("compile-only");
    }
}
