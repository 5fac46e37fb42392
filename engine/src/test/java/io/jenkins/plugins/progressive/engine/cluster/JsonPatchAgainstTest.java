package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A patch against the object it would change keeps only what would change it: how a resumed rollout leaves out a
 * write whose effect had landed before its engine stopped. No cluster needed.
 */
class JsonPatchAgainstTest {

    private static final Deployment WEB = new DeploymentBuilder()
            .withNewMetadata().withName("web").addToAnnotations("kubernetes.io/change-cause", "build 7").endMetadata()
            .withNewSpec().withReplicas(3).withPaused(true)
                .withNewTemplate().withNewSpec().addNewContainer().withName("app").withImage("shop/web:2.0").endContainer()
                .endSpec().endTemplate()
            .endSpec().build();

    @Test
    void aPatchTheObjectHoldsWhollyIsEmpty() {
        JsonPatch patch = new JsonPatch().set("/spec/replicas", 3).set("/spec/paused", true)
                .replace("/spec/template/spec/containers/0/image", "shop/web:2.0")
                .set("/metadata/annotations/" + JsonPatch.escape("kubernetes.io/change-cause"), "build 7");

        assertThat(patch.against(WEB).isEmpty()).isTrue();
    }

    @Test
    void onlyTheOperationsThatChangeSomethingAreKeptInTheirOrder() {
        JsonPatch patch = new JsonPatch().set("/spec/replicas", 3).set("/spec/paused", false)
                .replace("/spec/template/spec/containers/0/image", "shop/web:3.0").set("/spec/minReadySeconds", 5);

        assertThat(patch.against(WEB).toJson()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/paused\",\"value\":false},"
                + "{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"shop/web:3.0\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/minReadySeconds\",\"value\":5}]");
    }

    @Test
    void valuesAreComparedAsJsonSoMapsAndNumbersMatchTheObjectsFields() {
        Deployment surge = new DeploymentBuilder(WEB).editSpec().withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withNewMaxSurge(2).withNewMaxUnavailable(0).endRollingUpdate().endStrategy()
                .endSpec().build();
        JsonPatch same = new JsonPatch().set("/spec/strategy", Map.of("type", "RollingUpdate",
                "rollingUpdate", Map.of("maxSurge", 2, "maxUnavailable", 0)));
        JsonPatch other = new JsonPatch().set("/spec/strategy", Map.of("type", "RollingUpdate",
                "rollingUpdate", Map.of("maxSurge", "25%", "maxUnavailable", 0)));

        assertThat(same.against(surge).isEmpty()).isTrue();
        assertThat(other.against(surge).isEmpty()).isFalse();
    }

    @Test
    void aRemovalOfWhatIsAlreadyGoneIsLeftOutAndOfWhatIsThereKept() {
        assertThat(new JsonPatch().remove("/metadata/annotations/absent").against(WEB).isEmpty()).isTrue();
        assertThat(new JsonPatch().remove("/metadata/annotations/" + JsonPatch.escape("kubernetes.io/change-cause"))
                .against(WEB).isEmpty()).isFalse();
    }
}
