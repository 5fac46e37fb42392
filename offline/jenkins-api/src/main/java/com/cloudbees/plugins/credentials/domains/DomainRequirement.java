package com.cloudbees.plugins.credentials.domains;

import java.io.Serializable;

/** Compile-only declaration of the credentials plugin's {@code DomainRequirement}. */
public class DomainRequirement implements Serializable {
    private static final long serialVersionUID = 1L;

    private DomainRequirement() {
        throw new UnsupportedOperationException("compile-only");
    }
}
