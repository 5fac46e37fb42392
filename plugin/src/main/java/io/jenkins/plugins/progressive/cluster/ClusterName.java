package io.jenkins.plugins.progressive.cluster;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for the name a Jenkinsfile picks a cluster by ({@code cluster: 'prod-eu'}): a DNS label, so that it reads
 * the same in YAML, Groovy, URLs and Kubernetes labels, and cannot be confused by case or blanks.
 */
public final class ClusterName {
    /** As a Kubernetes label value or DNS label. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ClusterName() {}

    /**
     * @return why {@code name} cannot name a cluster, or empty if it can
     */
    public static Optional<String> problem(@CheckForNull String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("A cluster name is required.");
        }
        // Length first, so that a pasted paragraph is not echoed back in the message.
        if (name.length() > MAX_LENGTH) {
            return Optional.of("A cluster name has at most " + MAX_LENGTH + " characters; this one has "
                    + name.length() + ".");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            return Optional.of(name + " is not a valid cluster name: use only lower-case letters a-z, digits 0-9"
                    + " and hyphens, and start and end with a letter or digit (e.g. prod-eu-west).");
        }
        return Optional.empty();
    }
}
