package io.jenkins.plugins.progressive.engine.event;

import java.util.Objects;

/**
 * One Deployment's replica counts, named by the version it runs: what a canary (stable and canary) or a blue/green
 * release (blue and green) reports per Deployment, since its versions live in different Deployments.
 *
 * @param role what the Deployment is to the rollout: {@code stable}, {@code canary}, {@code blue} or {@code green}
 * @param deployment the Deployment's name
 * @param version the version its pod template runs (the first changed container's image tag)
 * @param previousVersion the version its template ran before, while pods of it may remain; null when not known
 * @param desired {@code spec.replicas}
 * @param updated pods on the current template, so running {@code version}
 * @param ready ready pods, either template
 * @param available available pods, either template
 * @param total all pods, either template ({@code total - updated} still run {@code previousVersion})
 */
public record VersionReplicas(String role, String deployment, String version, String previousVersion, int desired,
        int updated, int ready, int available, int total) {

    public VersionReplicas {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(version, "version");
    }

    /** Pods still on the previous template (a Deployment rolling from one version to the next). */
    public int previousReplicas() {
        return Math.max(0, total - updated);
    }

    /** {@code canary cart-canary 2.0: 1 desired, 1 updated, 0 ready, 0 available}. */
    public String describe() {
        return role + " " + deployment + " " + version + ": " + desired + " desired, " + updated + " updated, " + ready
                + " ready, " + available + " available";
    }
}
