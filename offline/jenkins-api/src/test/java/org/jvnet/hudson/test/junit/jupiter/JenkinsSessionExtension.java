package org.jvnet.hudson.test.junit.jupiter;

import org.jvnet.hudson.test.fixtures.JenkinsSessionFixture;

/** Compile-only declaration of jenkins-test-harness's {@code JenkinsSessionExtension}. */
public class JenkinsSessionExtension {
    public JenkinsSessionExtension() {
        throw new UnsupportedOperationException("compile-only");
    }

    @FunctionalInterface
    public interface Step extends JenkinsSessionFixture.Step {}

    public void then(Step s) throws Throwable {
        throw new UnsupportedOperationException("compile-only");
    }
}
