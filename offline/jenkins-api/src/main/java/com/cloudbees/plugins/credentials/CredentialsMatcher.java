package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Compile-only declaration of the credentials plugin's {@code CredentialsMatcher}. */
public interface CredentialsMatcher extends Serializable {
    boolean matches(@NonNull Credentials item);
}
