package io.jenkins.plugins.casc;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** Compile-only declaration of the configuration-as-code plugin's {@code ConfiguratorException}. */
public class ConfiguratorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfiguratorException(@CheckForNull String message) {
        throw new UnsupportedOperationException("compile-only");
    }
}
