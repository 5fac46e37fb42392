package org.htmlunit.html;

import org.htmlunit.ScriptResult;

/** Compile-only declaration of HtmlUnit's {@code HtmlPage} (real superclass: {@code SgmlPage}). */
public class HtmlPage {
    private HtmlPage() {
        throw new UnsupportedOperationException("compile-only");
    }

    public ScriptResult executeJavaScript(final String sourceCode) {
        throw new UnsupportedOperationException("compile-only");
    }
}
