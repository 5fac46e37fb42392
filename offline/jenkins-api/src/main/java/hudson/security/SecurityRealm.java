package hudson.security;

/** Compile-only declaration of core's {@code hudson.security.SecurityRealm}. */
public abstract class SecurityRealm {}
