package com.cloudbees.plugins.credentials.common;

/** Compile-only declaration of the credentials plugin's {@code StandardCredentials}. */
public interface StandardCredentials extends IdCredentials {}
