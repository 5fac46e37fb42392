package org.htmlunit;

import java.io.Serializable;

/**
 * Compile-only declaration of HtmlUnit's {@code WebClient}, which jenkins-test-harness brings through
 * jenkins-test-harness-htmlunit. HtmlUnit is not among the exported Jenkins sources: check this package with
 * the HtmlUnit/htmlunit sources as an extra root, e.g. {@code git archive 5.2.0 src/main/java} (4.21.0 matches too).
 */
public class WebClient implements Serializable, AutoCloseable {
    public WebClient() {
        throw new UnsupportedOperationException("compile-only");
    }

    public int waitForBackgroundJavaScript(final long timeoutMillis) {
        throw new UnsupportedOperationException("compile-only");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("compile-only");
    }
}
