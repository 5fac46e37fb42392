package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Describable;
import java.io.Serializable;

/** Compile-only declaration of the credentials plugin's {@code Credentials}. */
public interface Credentials extends Describable<Credentials>, Serializable {
    @CheckForNull
    CredentialsScope getScope();
}
