package hudson.security.csrf;

/** Compile-only declaration of core's {@code hudson.security.csrf.CrumbIssuer}. */
public abstract class CrumbIssuer {}
