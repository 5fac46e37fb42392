package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/** Compile-only declaration of the credentials plugin's {@code CredentialsScope}. */
public enum CredentialsScope implements Serializable {
    SYSTEM,
    GLOBAL,
    USER
}
