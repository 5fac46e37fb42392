package io.jenkins.plugins.progressive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A JSON patch with a failing {@code test} is refused whole with 422, as kube-apiserver does; a passing one applies. */
class JsonPatchTestOperationTest {

    private ApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        client = api.newClient();
        client.configMaps().inNamespace("ns").resource(new ConfigMapBuilder().withNewMetadata().withName("flags")
                .withNamespace("ns").addToAnnotations("owner", "a").endMetadata().addToData("value", "v1").build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void aFailingTestRefusesThePatchWholeWith422() {
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/annotations/owner\",\"value\":\"b\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/value\",\"value\":\"v2\"}]";
        assertThatThrownBy(() -> client.configMaps().inNamespace("ns").withName("flags")
                .patch(PatchContext.of(PatchType.JSON), patch))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("testing value /metadata/annotations/owner failed");
                });
        assertThat(client.configMaps().inNamespace("ns").withName("flags").get().getData()).containsEntry("value", "v1");
    }

    @Test
    void aTestOfAMissingMemberFailsToo() {
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/labels/owner\",\"value\":\"a\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/value\",\"value\":\"v2\"}]";
        assertThatThrownBy(() -> client.configMaps().inNamespace("ns").withName("flags")
                .patch(PatchContext.of(PatchType.JSON), patch))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void aPassingTestLetsThePatchApply() {
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/annotations/owner\",\"value\":\"a\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/value\",\"value\":\"v2\"}]";
        client.configMaps().inNamespace("ns").withName("flags").patch(PatchContext.of(PatchType.JSON), patch);
        assertThat(client.configMaps().inNamespace("ns").withName("flags").get().getData()).containsEntry("value", "v2");
    }
}
