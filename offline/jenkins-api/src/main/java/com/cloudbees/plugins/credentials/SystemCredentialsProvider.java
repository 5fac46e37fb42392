package com.cloudbees.plugins.credentials;

import java.util.List;

/**
 * Compile-only declaration of the credentials plugin's {@code SystemCredentialsProvider}, the store behind
 * "Manage Jenkins » Credentials » System » Global credentials" (tests put credentials there).
 */
public class SystemCredentialsProvider {
    private SystemCredentialsProvider() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static SystemCredentialsProvider getInstance() {
        throw new UnsupportedOperationException("compile-only");
    }

    public List<Credentials> getCredentials() {
        throw new UnsupportedOperationException("compile-only");
    }

    public void save() throws java.io.IOException {
        throw new UnsupportedOperationException("compile-only");
    }
}
