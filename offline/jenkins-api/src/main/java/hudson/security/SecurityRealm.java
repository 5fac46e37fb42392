package hudson.security;

import jenkins.model.IdStrategy;

/** Compile-only declaration of core's {@code hudson.security.SecurityRealm}. */
public abstract class SecurityRealm {
    public IdStrategy getUserIdStrategy() {
        throw new UnsupportedOperationException("compile-only");
    }

    public IdStrategy getGroupIdStrategy() {
        throw new UnsupportedOperationException("compile-only");
    }
}
