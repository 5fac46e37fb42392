package hudson.security;

import org.springframework.security.core.Authentication;

/** Compile-only declaration of core's {@code hudson.security.ACL}. */
public abstract class ACL {
    /** The controller's own identity, with every permission: for lookups the controller makes for itself. */
    public static final Authentication SYSTEM2 = compileOnly();

    private ACL() {
        throw new UnsupportedOperationException("compile-only");
    }

    private static <T> T compileOnly() {
        throw new UnsupportedOperationException("compile-only");
    }
}
