package io.jenkins.plugins.progressive.steps;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.progressive.ClusterConfig;
import io.jenkins.plugins.progressive.ProgressiveDeliveryConfiguration;
import io.jenkins.plugins.progressive.SandboxApps;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.io.IOException;
import java.util.List;
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
        SandboxApps.deployment(sandbox, ns, name, image, replicas);
    }

    static void service(Sandbox sandbox, String ns, String name) {
        SandboxApps.service(sandbox, ns, name);
    }
}
