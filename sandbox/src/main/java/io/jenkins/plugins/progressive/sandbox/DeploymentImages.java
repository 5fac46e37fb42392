package io.jenkins.plugins.progressive.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * Changes a Deployment's image the way {@code kubectl set image} means it, for tests and the demo. It sends a JSON
 * patch without a resourceVersion: the controllers write status all the time, so a read-modify-write
 * ({@code edit()}) would lose races with them and answer 409, exactly as it would on a real cluster.
 */
public final class DeploymentImages {

    private DeploymentImages() {
    }

    /** Sets the image of the first container. */
    public static void set(KubernetesClient client, String namespace, String deployment, String image) {
        String patch = Serialization.asJson(List.of(Map.of("op", "replace",
                "path", "/spec/template/spec/containers/0/image", "value", image)));
        client.apps().deployments().inNamespace(namespace).withName(deployment)
                .patch(PatchContext.of(PatchType.JSON), patch);
    }
}
