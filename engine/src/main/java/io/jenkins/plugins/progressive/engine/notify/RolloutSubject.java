package io.jenkins.plugins.progressive.engine.notify;

import java.util.Objects;

/**
 * What rolls out where, for the receiver to route on.
 *
 * @param strategy {@code rollingUpdate}, {@code blueGreenDeploy} or {@code canaryStage}
 * @param cluster the cluster's name in Jenkins
 * @param namespace the namespace
 * @param app the workload
 * @param build the build's display name, e.g. {@code shop/feed #42}
 */
public record RolloutSubject(String strategy, String cluster, String namespace, String app, String build) {
    public RolloutSubject {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(app, "app");
    }

    /** {@code canaryStage shop/feed on prod-eu-west (shop/feed #42)}. */
    public String describe() {
        return strategy + " " + namespace + "/" + app + (cluster == null ? "" : " on " + cluster)
                + (build == null ? "" : " (" + build + ")");
    }
}
