package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.AccessControlled;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import hudson.security.SecurityRealm;
import hudson.security.csrf.CrumbIssuer;

/** Compile-only declaration of core's {@code jenkins.model.Jenkins}. */
public class Jenkins implements AccessControlled, ItemGroup<TopLevelItem> {
    public static final Permission ADMINISTER = compileOnly();

    public static final Permission READ = compileOnly();

    public static final Permission SYSTEM_READ = compileOnly();

    private Jenkins() {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only");
    }

    public void setSecurityRealm(@CheckForNull SecurityRealm securityRealm) {
        throw new UnsupportedOperationException("compile-only");
    }

    public void setAuthorizationStrategy(@CheckForNull AuthorizationStrategy a) {
        throw new UnsupportedOperationException("compile-only");
    }

    public void setProxy(@CheckForNull hudson.ProxyConfiguration proxy) {
        throw new UnsupportedOperationException("compile-only");
    }

    public void setCrumbIssuer(CrumbIssuer issuer) {
        throw new UnsupportedOperationException("compile-only");
    }

    public static @NonNull org.springframework.security.core.Authentication getAuthentication2() {
        throw new UnsupportedOperationException("compile-only");
    }

    public SecurityRealm getSecurityRealm() {
        throw new UnsupportedOperationException("compile-only");
    }

    public @edu.umd.cs.findbugs.annotations.Nullable String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only");
    }

    public @CheckForNull <T extends hudson.model.Item> T getItemByFullName(@NonNull String fullName, Class<T> type)
            throws org.springframework.security.access.AccessDeniedException {
        throw new UnsupportedOperationException("compile-only");
    }

    private static <T> T compileOnly() {
        throw new UnsupportedOperationException("compile-only");
    }
}
