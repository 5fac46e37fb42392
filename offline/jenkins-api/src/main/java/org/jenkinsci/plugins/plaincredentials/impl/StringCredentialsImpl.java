package org.jenkinsci.plugins.plaincredentials.impl;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Compile-only declaration of plain-credentials' {@code StringCredentialsImpl} (its base classes left out). */
public final class StringCredentialsImpl implements StringCredentials {
    private static final long serialVersionUID = 1L;

    public StringCredentialsImpl(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description, @NonNull Secret secret) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    @Override
    public Secret getSecret() {
        throw new UnsupportedOperationException("compile-only");
    }

    @CheckForNull
    @Override
    public CredentialsScope getScope() {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    @Override
    public String getId() {
        throw new UnsupportedOperationException("compile-only");
    }
}
