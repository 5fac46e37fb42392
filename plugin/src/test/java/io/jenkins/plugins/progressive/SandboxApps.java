package io.jenkins.plugins.progressive;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.util.concurrent.TimeUnit;

/** Apps in the sandbox for the plugin's tests: a rolled-out Deployment (pods {@code app=<name>}) and its Service. */
public final class SandboxApps {
    private SandboxApps() {}

    public static void deployment(Sandbox sandbox, String ns, String name, String image, int replicas) {
        sandbox.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        sandbox.client().apps().deployments().inNamespace(ns).withName(name).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }

    public static void service(Sandbox sandbox, String ns, String name) {
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
    }
}
