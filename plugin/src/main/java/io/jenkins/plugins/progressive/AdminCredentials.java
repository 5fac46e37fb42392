package io.jenkins.plugins.progressive;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.progressive.cluster.ClusterCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The global (Jenkins-level) credentials the cluster configuration refers to, for the form's drop-downs, checks and
 * "Test connection". Builds resolve theirs per run instead, with the job's identity, and see no SYSTEM-scoped
 * credentials: the form offers and accepts only what a build can use ({@link BuildScope}), so that a passing test
 * means a working build.
 */
final class AdminCredentials {
    /** A kubeconfig is a few KiB; the cap keeps a wrongly chosen large file out of memory. */
    private static final int MAX_KUBECONFIG_BYTES = 1024 * 1024;

    private AdminCredentials() {}

    /** Secret text and Secret file credentials, for a cluster's API server. */
    static ListBoxModel clusterChoices(@CheckForNull String current) {
        return choices(current, CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(FileCredentials.class)));
    }

    /** Secret text credentials only, for a bearer token. */
    static ListBoxModel tokenChoices(@CheckForNull String current) {
        return choices(current, CredentialsMatchers.instanceOf(StringCredentials.class));
    }

    private static ListBoxModel choices(@CheckForNull String current, CredentialsMatcher matcher) {
        String value = current == null ? "" : current;
        // Whoever may not configure the controller learns no credential ids, only what the form already holds.
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(value);
        }
        // The matcher SystemCredentialsProvider applies when a job looks credentials up: SYSTEM scope stays out.
        CredentialsMatcher usableByBuilds = CredentialsMatchers.not(CredentialsMatchers.withScope(
                CredentialsScope.SYSTEM));
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, Collections.emptyList(),
                        CredentialsMatchers.allOf(matcher, usableByBuilds))
                .includeCurrentValue(value);
    }

    /**
     * For the form's check of a credentials field: what is wrong with {@code id} for a build, if anything.
     *
     * @param kinds the accepted credential types
     * @param kindsText the types for the message, e.g. {@code Secret text}
     */
    static Optional<String> problem(@CheckForNull String id, List<Class<?>> kinds, String kindsText) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        StandardCredentials credentials;
        try {
            credentials = find(id);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return credentials != null && kinds.stream().anyMatch(kind -> kind.isInstance(credentials))
                ? Optional.empty() : Optional.of(missing(id, kindsText));
    }

    /**
     * @return the credential for a cluster, or empty if {@code id} names no Secret text or Secret file credential
     * @throws IllegalArgumentException if the credential is SYSTEM-scoped, cannot be read or is empty
     */
    static Optional<ClusterCredential> forCluster(@CheckForNull String id) {
        StandardCredentials credentials = find(id);
        if (credentials instanceof StringCredentials token) {
            return Optional.of(new ClusterCredential.BearerToken(token.getSecret().getPlainText()));
        }
        if (credentials instanceof FileCredentials file) {
            return Optional.of(new ClusterCredential.Kubeconfig(read(file)));
        }
        return Optional.empty();
    }

    /**
     * @return the token of a Secret text credential, or empty if {@code id} names none
     * @throws IllegalArgumentException if the credential is SYSTEM-scoped
     */
    static Optional<String> token(@CheckForNull String id) {
        return find(id) instanceof StringCredentials token
                ? Optional.of(token.getSecret().getPlainText())
                : Optional.empty();
    }

    /** The message for an id that resolves to nothing usable. */
    static String missing(@CheckForNull String id, String kinds) {
        return id == null || id.isBlank()
                ? "Select credentials: " + kinds + "."
                : "No " + kinds + " credentials with id " + id + " in the global credentials.";
    }

    /** @throws IllegalArgumentException if only a SYSTEM-scoped credential has the id */
    @CheckForNull
    private static StandardCredentials find(@CheckForNull String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return BuildScope.pick(id.trim(), CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class,
                Jenkins.get(), ACL.SYSTEM2, Collections.emptyList()), IdCredentials::getId, Credentials::getScope)
                .orElse(null);
    }

    static String read(FileCredentials file) {
        try (InputStream in = file.getContent()) {
            byte[] content = in.readNBytes(MAX_KUBECONFIG_BYTES + 1);
            if (content.length > MAX_KUBECONFIG_BYTES) {
                throw new IllegalArgumentException("The Secret file " + file.getFileName()
                        + " is larger than 1 MiB; it is not a kubeconfig.");
            }
            return new String(content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("The Secret file " + file.getFileName() + " cannot be read.", e);
        }
    }
}
