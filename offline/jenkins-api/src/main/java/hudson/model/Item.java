package hudson.model;

import hudson.security.AccessControlled;

/** Compile-only declaration of core's {@code hudson.model.Item} (only what plugin/ needs: none of its members). */
public interface Item extends AccessControlled {}
