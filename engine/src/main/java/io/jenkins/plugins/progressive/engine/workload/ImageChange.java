package io.jenkins.plugins.progressive.engine.workload;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new image for one container of the pod template.
 *
 * @param container the container's name in the pod spec
 * @param image a full image reference: {@code [registry[:port]/]path[:tag][@sha256:digest]}
 */
public record ImageChange(String container, String image) {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?/)?"
                    + COMPONENT + "(?:/" + COMPONENT + ")*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public ImageChange {
        if (container == null || container.length() > 63 || !CONTAINER.matcher(container).matches()) {
            throw new PlanException("images: container name '" + container + "' is not a valid container name");
        }
        if (image == null || image.length() > 4096 || !REFERENCE.matcher(image).matches()) {
            throw new PlanException("images." + container + ": '" + image + "' is not a valid image reference "
                    + "(e.g. registry.example.com/shop/web:2.1.0 or shop/web@sha256:…)");
        }
    }

    /** The tag, or {@code latest} when none is given; the digest is not a tag. */
    public String tag() {
        return tagOf(image);
    }

    /** The tag of any image reference, or {@code latest} when it has none. */
    public static String tagOf(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : "latest";
    }

    /**
     * Checks a step's image list: at least one, each container once.
     *
     * @throws PlanException naming {@code images}
     */
    public static void requireValidList(List<ImageChange> images) {
        if (images.isEmpty()) {
            throw new PlanException("images: name at least one container and its new image");
        }
        Set<String> containers = new HashSet<>();
        for (ImageChange change : images) {
            if (!containers.add(change.container())) {
                throw new PlanException("images: container '" + change.container() + "' is listed twice");
            }
        }
    }
}
