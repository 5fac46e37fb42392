package org.jvnet.hudson.test;

import hudson.security.SecurityRealm;
import java.io.IOException;
import java.net.URL;
import jenkins.model.Jenkins;

/** Compile-only declaration of jenkins-test-harness's {@code JenkinsRule}. */
public class JenkinsRule {
    public Jenkins jenkins;

    private JenkinsRule() {
        throw new UnsupportedOperationException("compile-only");
    }

    public DummySecurityRealm createDummySecurityRealm() {
        throw new UnsupportedOperationException("compile-only");
    }

    public void configRoundtrip() throws Exception {
        throw new UnsupportedOperationException("compile-only");
    }

    public URL getURL() throws IOException {
        throw new UnsupportedOperationException("compile-only");
    }

    /** Real superclass: {@code hudson.security.AbstractPasswordBasedSecurityRealm}. */
    public static class DummySecurityRealm extends SecurityRealm {
        DummySecurityRealm() {
            throw new UnsupportedOperationException("compile-only");
        }
    }
}
