package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Compile-only declaration of core's {@code hudson.model.Item} (only the members plugin/ uses). */
public interface Item extends AccessControlled {
    Permission BUILD = compileOnly();

    Permission READ = compileOnly();

    @edu.umd.cs.findbugs.annotations.NonNull
    String getFullName();

    private static Permission compileOnly() {
        throw new UnsupportedOperationException("compile-only");
    }
}
