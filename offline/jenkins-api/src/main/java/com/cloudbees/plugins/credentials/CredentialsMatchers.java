package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

/** Compile-only declaration of the credentials plugin's {@code CredentialsMatchers}. */
public class CredentialsMatchers {
    private CredentialsMatchers() {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static CredentialsMatcher instanceOf(@NonNull Class clazz) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static CredentialsMatcher withId(@NonNull String id) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static CredentialsMatcher not(@NonNull CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static CredentialsMatcher withScope(@NonNull CredentialsScope scope) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static CredentialsMatcher allOf(@NonNull CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static CredentialsMatcher anyOf(@NonNull CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("compile-only");
    }

    @CheckForNull
    public static <C extends Credentials> C firstOrNull(@NonNull Iterable<C> credentials,
            @NonNull CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("compile-only");
    }
}
