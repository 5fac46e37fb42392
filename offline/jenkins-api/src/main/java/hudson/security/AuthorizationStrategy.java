package hudson.security;

/** Compile-only declaration of core's {@code hudson.security.AuthorizationStrategy}. */
public abstract class AuthorizationStrategy {}
