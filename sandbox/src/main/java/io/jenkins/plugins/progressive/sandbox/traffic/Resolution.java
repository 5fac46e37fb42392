package io.jenkins.plugins.progressive.sandbox.traffic;

import io.jenkins.plugins.progressive.sandbox.workload.PodEndpoint;

/** Where routing sends one request. */
public sealed interface Resolution {

    /**
     * The request goes to this pod.
     *
     * @param pod the chosen pod
     * @param via which routing object decided, e.g. {@code HTTPRoute web rule 0}
     */
    record Routed(PodEndpoint pod, String via) implements Resolution {
    }

    /**
     * No pod gets the request; a proxy would answer {@code status}.
     *
     * @param status 404 (no route matches), 500 (route without usable backend) or 503 (no ready pod)
     * @param reason what is missing, for logs and test messages
     */
    record Unroutable(int status, String reason) implements Resolution {
    }
}
