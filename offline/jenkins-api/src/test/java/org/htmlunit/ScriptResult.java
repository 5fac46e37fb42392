package org.htmlunit;

/** Compile-only declaration of HtmlUnit's {@code ScriptResult}. */
public final class ScriptResult {
    private ScriptResult() {
        throw new UnsupportedOperationException("compile-only");
    }

    public Object getJavaScriptResult() {
        throw new UnsupportedOperationException("compile-only");
    }
}
