package io.jenkins.plugins.progressive;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule Kubernetes applies to a namespace name: an RFC 1123 DNS label. Checked here so that a typo is
 * reported where it is typed (form, configuration-as-code, step parameter), not as an API error mid-rollout.
 */
public final class NamespaceName {
    /** RFC 1123 label length limit, enforced by the Kubernetes API server. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** Kubernetes reserves this prefix for its own namespaces (kube-system, kube-public, kube-node-lease). */
    private static final String KUBERNETES_PREFIX = "kube-";

    private NamespaceName() {}

    /**
     * @return why {@code name} is not a valid namespace name, or empty if it is one
     */
    public static Optional<String> problem(@CheckForNull String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("A namespace name is required.");
        }
        // Length first, so that a pasted paragraph is not echoed back in the message.
        if (name.length() > MAX_LENGTH) {
            return Optional.of("A namespace name has at most " + MAX_LENGTH + " characters; this one has "
                    + name.length() + ".");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            return Optional.of(name + " is not a valid namespace name: use only lower-case letters a-z, digits 0-9"
                    + " and hyphens, and start and end with a letter or digit.");
        }
        return Optional.empty();
    }

    /**
     * @return whether {@code name} is in the {@code kube-} range Kubernetes keeps for itself; valid, but
     *     almost certainly a mistake as a deployment target
     */
    public static boolean isReservedForKubernetes(String name) {
        return name.startsWith(KUBERNETES_PREFIX);
    }
}
