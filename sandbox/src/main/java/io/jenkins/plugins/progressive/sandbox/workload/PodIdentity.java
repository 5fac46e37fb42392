package io.jenkins.plugins.progressive.sandbox.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * The contract between the controller simulator (or a test) and the workloads: how a Pod object
 * says whether it is ready, which service it belongs to and which version it runs.
 */
public final class PodIdentity {

    static final String SERVICE_LABEL = "app";
    static final String VERSION_LABEL = "version";
    static final String UNTAGGED = "latest";

    private PodIdentity() {
    }

    /** Ready as the kubelet says it (condition Ready=True) and not on its way out. */
    public static boolean isReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The service a pod serves: label {@code app}; pods without it are not workloads. */
    public static Optional<String> service(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getLabels()).map(l -> l.get(SERVICE_LABEL))
                .filter(s -> !s.isBlank());
    }

    /** Label {@code version}, else the image tag of the first container, else "latest". */
    public static String version(Pod pod) {
        String label = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(VERSION_LABEL);
        if (label != null && !label.isBlank()) {
            return label;
        }
        List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
        if (containers == null || containers.isEmpty() || containers.get(0).getImage() == null) {
            return UNTAGGED;
        }
        return imageTag(containers.get(0).getImage());
    }

    /** The tag of an image reference; a ':' before the last '/' is a registry port, not a tag. */
    static String imageTag(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        if (colon < 0 || colon < withoutDigest.lastIndexOf('/') || colon == withoutDigest.length() - 1) {
            return UNTAGGED;
        }
        return withoutDigest.substring(colon + 1);
    }
}
