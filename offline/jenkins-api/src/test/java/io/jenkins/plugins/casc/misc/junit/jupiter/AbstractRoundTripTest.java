package io.jenkins.plugins.casc.misc.junit.jupiter;

import org.jvnet.hudson.test.JenkinsRule;

/**
 * Compile-only declaration of configuration-as-code test-harness's JUnit 5 {@code AbstractRoundTripTest}
 * (the real one is {@code @WithJenkins} and holds the {@code roundTripTest} method; here nothing runs).
 */
public abstract class AbstractRoundTripTest {
    protected abstract void assertConfiguredAsExpected(JenkinsRule j, String configContent);

    protected String configResource() {
        throw new UnsupportedOperationException("compile-only");
    }

    protected abstract String stringInLogExpected();
}
