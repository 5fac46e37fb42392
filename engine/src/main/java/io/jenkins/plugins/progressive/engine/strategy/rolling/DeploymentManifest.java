package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.List;

/**
 * A full Deployment given as YAML, checked at plan time: it must be a {@code apps/v1} Deployment of the same name
 * (and namespace, if it names one) with a pod template. Its replica count is not applied: replicas belong to whoever
 * scales the Deployment (an autoscaler, or the admin), not to a rollout.
 */
record DeploymentManifest(Deployment deployment) {

    static DeploymentManifest parse(String yaml, String namespace, String name) {
        Object parsed;
        try {
            parsed = Serialization.unmarshal(yaml);
        } catch (RuntimeException e) {
            throw new PlanException("manifest: not valid YAML or JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Deployment deployment)) {
            throw new PlanException("manifest: must be one apps/v1 Deployment, was "
                    + (parsed == null ? "empty" : parsed.getClass().getSimpleName()));
        }
        if (deployment.getMetadata() == null || !name.equals(deployment.getMetadata().getName())) {
            throw new PlanException("manifest: metadata.name must be '" + name + "', was '"
                    + (deployment.getMetadata() == null ? null : deployment.getMetadata().getName()) + "'");
        }
        if (deployment.getMetadata().getNamespace() != null && !namespace.equals(deployment.getMetadata().getNamespace())) {
            throw new PlanException("manifest: metadata.namespace is '" + deployment.getMetadata().getNamespace()
                    + "', but the rollout targets namespace '" + namespace + "'");
        }
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null
                || deployment.getSpec().getTemplate().getSpec().getContainers() == null
                || deployment.getSpec().getTemplate().getSpec().getContainers().isEmpty()) {
            throw new PlanException("manifest: spec.template.spec.containers is missing");
        }
        return new DeploymentManifest(deployment);
    }

    List<ImageChange> images() {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().map(c -> new ImageChange(c.getName(), c.getImage())).toList();
    }
}
