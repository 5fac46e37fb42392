package io.jenkins.plugins.progressive;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
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
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The global (Jenkins-level) credentials the cluster configuration refers to, seen as the administrator sees them:
 * for the form's drop-downs and "Test connection". Builds resolve theirs per run instead, with the job's identity.
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
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, Collections.emptyList(),
                        matcher)
                .includeCurrentValue(value);
    }

    /**
     * @return the credential for a cluster, or empty if {@code id} names no Secret text or Secret file credential
     * @throws IllegalArgumentException if the credential cannot be read or is empty
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

    /** @return the token of a Secret text credential, or empty if {@code id} names none */
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

    @CheckForNull
    private static StandardCredentials find(@CheckForNull String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(
                StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, Collections.emptyList()),
                CredentialsMatchers.withId(id));
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
