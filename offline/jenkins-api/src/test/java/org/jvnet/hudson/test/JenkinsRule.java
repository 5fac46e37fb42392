package org.jvnet.hudson.test;

import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.security.SecurityRealm;
import java.util.concurrent.Future;
import java.io.IOException;
import java.net.URL;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlPage;
import org.xml.sax.SAXException;

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

    public <T extends TopLevelItem> T createProject(Class<T> type, String name) throws IOException {
        throw new UnsupportedOperationException("compile-only");
    }

    @SuppressWarnings("rawtypes")
    public <R extends Run> R assertBuildStatus(Result status, R r) throws Exception {
        throw new UnsupportedOperationException("compile-only");
    }

    @SuppressWarnings("rawtypes")
    public <R extends Run> R assertBuildStatusSuccess(R r) throws Exception {
        throw new UnsupportedOperationException("compile-only");
    }

    @SuppressWarnings("rawtypes")
    public <R extends Run> R assertBuildStatusSuccess(Future<? extends R> r) throws Exception {
        throw new UnsupportedOperationException("compile-only");
    }

    @SuppressWarnings("rawtypes")
    public void assertLogContains(String substring, Run run) throws IOException {
        throw new UnsupportedOperationException("compile-only");
    }

    @SuppressWarnings("rawtypes")
    public static String getLog(Run run) throws IOException {
        throw new UnsupportedOperationException("compile-only");
    }

    public <R extends Run<?, ?>> R waitForCompletion(R r) throws InterruptedException {
        throw new UnsupportedOperationException("compile-only");
    }

    public <R extends Run<?, ?>> R waitForMessage(String message, R r) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only");
    }

    public WebClient createWebClient() {
        throw new UnsupportedOperationException("compile-only");
    }

    /** An HtmlUnit browser for this Jenkins (an inner class, as in the harness). */
    public class WebClient extends org.htmlunit.WebClient {
        public WebClient() {
            throw new UnsupportedOperationException("compile-only");
        }

        public HtmlPage goTo(String relative) throws IOException, SAXException {
            throw new UnsupportedOperationException("compile-only");
        }
    }

    /** Real superclass: {@code hudson.security.AbstractPasswordBasedSecurityRealm}. */
    public static class DummySecurityRealm extends SecurityRealm {
        DummySecurityRealm() {
            throw new UnsupportedOperationException("compile-only");
        }

        public void addGroups(String username, String... groups) {
            throw new UnsupportedOperationException("compile-only");
        }
    }
}
