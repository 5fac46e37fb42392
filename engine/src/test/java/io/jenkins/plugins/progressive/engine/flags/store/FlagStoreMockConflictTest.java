package io.jenkins.plugins.progressive.engine.flags.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stores' compare-and-set rests on the API server refusing a PUT with a stale resourceVersion (409). The sandbox's
 * mock server is checked for that here, for ConfigMaps and for a custom resource without a registered CRD, so a store
 * test that passes is not passing because the mock ignores versions.
 */
class FlagStoreMockConflictTest {

    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).prometheus(Sandbox.PrometheusChoice.NONE).start();
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aConfigMapUpdateWithAStaleResourceVersionIsRefusedWith409() {
        ConfigMap created = client.configMaps().inNamespace("probe").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("cas").endMetadata().addToData("k", "1").build()).create();
        ConfigMap first = new ConfigMapBuilder(created).withData(Map.of("k", "2")).build();
        ConfigMap second = new ConfigMapBuilder(created).withData(Map.of("k", "3")).build();
        client.configMaps().inNamespace("probe").resource(first).update();

        assertThatThrownBy(() -> client.configMaps().inNamespace("probe").resource(second).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.configMaps().inNamespace("probe").withName("cas").get().getData()).containsEntry("k", "2");
    }

    @Test
    void aFeatureFlagUpdateWithAStaleResourceVersionIsRefusedWith409() {
        var flags = client.genericKubernetesResources(FeatureFlagStore.FEATURE_FLAG).inNamespace("probe");
        GenericKubernetesResource created = flags.resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("core.openfeature.dev/v1beta1").withKind("FeatureFlag").withNewMetadata()
                .withName("cas").endMetadata().withAdditionalProperties(Map.of("spec", Map.of("v", 1))).build())
                .create();
        GenericKubernetesResource first = new GenericKubernetesResourceBuilder(created)
                .withAdditionalProperties(Map.of("spec", Map.of("v", 2))).build();
        GenericKubernetesResource second = new GenericKubernetesResourceBuilder(created)
                .withAdditionalProperties(Map.of("spec", Map.of("v", 3))).build();
        flags.resource(first).update();

        assertThatThrownBy(() -> flags.resource(second).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(flags.withName("cas").get().getAdditionalProperties().get("spec")).isEqualTo(Map.of("v", 2));
    }

    @Test
    void creatingAnObjectThatExistsIsRefusedWith409() {
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("twice").endMetadata().build();
        client.configMaps().inNamespace("probe").resource(map).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace("probe").resource(map).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
}
