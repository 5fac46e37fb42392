package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Deployment's history as the Deployment controller keeps it: one ReplicaSet per pod template, numbered by the
 * {@code deployment.kubernetes.io/revision} annotation. The highest revision is the current template; undoing means
 * putting an older ReplicaSet's template back (what {@code kubectl rollout undo} does).
 */
public final class DeploymentRevisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    static final String HASH_LABEL = "pod-template-hash";

    private final List<ReplicaSet> replicaSets;

    private DeploymentRevisions(List<ReplicaSet> replicaSets) {
        this.replicaSets = replicaSets.stream().sorted(Comparator.comparingLong(DeploymentRevisions::revision)).toList();
    }

    /** Reads the ReplicaSets the Deployment controls (by controller owner reference). */
    public static DeploymentRevisions of(KubernetesClient client, Deployment deployment) {
        String uid = deployment.getMetadata().getUid();
        List<ReplicaSet> owned = client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace())
                .list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid())))
                .toList();
        return new DeploymentRevisions(owned);
    }

    /** The ReplicaSet of the highest revision: the current template once the controller has seen it. */
    public Optional<ReplicaSet> newest() {
        return replicaSets.isEmpty() ? Optional.empty() : Optional.of(replicaSets.get(replicaSets.size() - 1));
    }

    /** The ReplicaSet of a given revision. */
    public Optional<ReplicaSet> revision(long number) {
        return replicaSets.stream().filter(rs -> revision(rs) == number).findFirst();
    }

    /** The highest revision below {@code number}: what an undo of {@code number} goes back to. */
    public Optional<ReplicaSet> before(long number) {
        return replicaSets.stream().filter(rs -> revision(rs) < number).reduce((a, b) -> b);
    }

    public List<ReplicaSet> all() {
        return replicaSets;
    }

    public static long revision(ReplicaSet replicaSet) {
        Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
        try {
            return annotations == null ? 0 : Long.parseLong(annotations.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The ReplicaSet's pod template as the Deployment had it: without the controller's hash label. */
    public static PodTemplateSpec templateOf(ReplicaSet replicaSet) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(replicaSet.getSpec().getTemplate()).build();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            template.getMetadata().getLabels().remove(HASH_LABEL);
        }
        return template;
    }

    /** A regular expression matching the names of the ReplicaSet's pods, for container metrics. */
    public static String podNamePattern(ReplicaSet replicaSet) {
        return replicaSet.getMetadata().getName().replace(".", "\\.") + "-[a-z0-9]+";
    }
}
