package io.jenkins.plugins.casc;

import java.util.Collection;

/** Compile-only declaration of the configuration-as-code plugin's {@code ConfigurationAsCode}. */
public class ConfigurationAsCode {
    private ConfigurationAsCode() {
        throw new UnsupportedOperationException("compile-only");
    }

    public static ConfigurationAsCode get() {
        throw new UnsupportedOperationException("compile-only");
    }

    public void configure() throws ConfiguratorException {
        throw new UnsupportedOperationException("compile-only");
    }

    public void configure(String... configParameters) throws ConfiguratorException {
        throw new UnsupportedOperationException("compile-only");
    }

    public void configure(Collection<String> configParameters) throws ConfiguratorException {
        throw new UnsupportedOperationException("compile-only");
    }
}
