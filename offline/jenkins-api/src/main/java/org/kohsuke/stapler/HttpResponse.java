package org.kohsuke.stapler;

/** Compile-only declaration of Stapler's {@code HttpResponse} (members omitted: plugin/ only returns instances). */
public interface HttpResponse {}
