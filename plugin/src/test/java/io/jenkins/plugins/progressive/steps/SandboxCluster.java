package io.jenkins.plugins.progressive.steps;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.progressive.ClusterConfig;
import io.jenkins.plugins.progressive.ProgressiveDeliveryConfiguration;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** The sandbox cluster configured in a test Jenkins as an administrator would: cluster "sandbox", token credentials. */
final class SandboxCluster {
    static final String TOKEN = "sandbox-token-7f3a";

    private SandboxCluster() {}

    static ClusterConfig configure(Sandbox sandbox) throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "sandbox-token", "sandbox deployer", Secret.fromString(TOKEN)));
        SystemCredentialsProvider.getInstance().save();
        ClusterConfig cluster = new ClusterConfig("sandbox", sandbox.apiServer().url());
        cluster.setCredentialsId("sandbox-token");
        cluster.setDefaultNamespace("default");
        ProgressiveDeliveryConfiguration.get().setClusters(List.of(cluster));
        return cluster;
    }

    static void deployment(Sandbox sandbox, String ns, String name, String image, int replicas) {
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

    static void service(Sandbox sandbox, String ns, String name) {
        sandbox.client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
    }
}
