package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.ItemGroup;
import java.util.List;
import org.springframework.security.core.Authentication;

/** Compile-only declaration of the credentials plugin's {@code CredentialsProvider}. */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements Describable<CredentialsProvider> {
    public CredentialsProvider() {
        throw new UnsupportedOperationException("compile-only");
    }

    @CheckForNull
    public <C extends com.cloudbees.plugins.credentials.common.IdCredentials> C getCredentialByIdInItem(@NonNull String id,
            @NonNull Class<C> type, @NonNull hudson.model.Item item, @NonNull Authentication authentication,
            @NonNull List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only");
    }

    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
            @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only");
    }

    @edu.umd.cs.findbugs.annotations.CheckForNull
    public static <C extends com.cloudbees.plugins.credentials.common.IdCredentials> C findCredentialById(
            @NonNull String id, @NonNull Class<C> type, @NonNull hudson.model.Run<?, ?> run,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only");
    }
}
