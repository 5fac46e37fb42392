package org.kohsuke.stapler;

/**
 * Compile-only declaration of Stapler's deprecated {@code StaplerRequest} (javax). Declared only so that
 * overload resolution between the {@code StaplerRequest} and {@code StaplerRequest2} variants of a method
 * works as against the real API (a bare {@code null} argument is ambiguous there, and so here).
 *
 * @deprecated use {@link StaplerRequest2}
 */
@Deprecated
public interface StaplerRequest {}
