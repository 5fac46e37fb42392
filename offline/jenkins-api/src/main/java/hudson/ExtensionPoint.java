package hudson;

/** Compile-only declaration of core's {@code hudson.ExtensionPoint}. */
public interface ExtensionPoint {}
