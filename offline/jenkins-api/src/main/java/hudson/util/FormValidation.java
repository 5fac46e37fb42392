package hudson.util;

import java.io.IOException;

/**
 * Compile-only declaration of core's {@code hudson.util.FormValidation}. All overloads of the factories used,
 * so that overload resolution is the real one.
 */
public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;

    private FormValidation() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation error(String format, Object... args) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation warning(String format, Object... args) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation ok(String format, Object... args) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation error(Throwable e, String message) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation warning(Throwable e, String message) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation error(Throwable e, String format, Object... args) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static FormValidation warning(Throwable e, String format, Object... args) {
        throw new UnsupportedOperationException("compile-only");
    }
}
