package org.kohsuke.stapler;

/** Compile-only declaration of Stapler's {@code HttpResponses}. */
public class HttpResponses {
    public static HttpResponseException errorWithoutStack(final int code, final String errorMessage) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static HttpResponse staticResource(java.net.URL resource) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static HttpResponse text(final String text) {
        throw new UnsupportedOperationException("compile-only");
    }

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {
        private static final long serialVersionUID = 1L;
    }
}
