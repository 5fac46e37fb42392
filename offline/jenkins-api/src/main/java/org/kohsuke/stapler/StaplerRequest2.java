package org.kohsuke.stapler;

/** Compile-only declaration of Stapler's {@code StaplerRequest2} (really a Jakarta {@code HttpServletRequest}). */
public interface StaplerRequest2 {}
