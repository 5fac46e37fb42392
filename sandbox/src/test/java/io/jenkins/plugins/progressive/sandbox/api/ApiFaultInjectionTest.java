package io.jenkins.plugins.progressive.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected API faults reach a user's client, exactly as often as asked, and never the control plane. */
class ApiFaultInjectionTest {

    private ApiServer api;
    private KubernetesClient user;
    private KubernetesClient controlPlane;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        user = api.newClient();
        controlPlane = api.newControlPlaneClient();
        user.configMaps().inNamespace("ns").resource(configMap("flags", "v1")).create();
    }

    @AfterEach
    void stop() {
        user.close();
        controlPlane.close();
        api.close();
    }

    @Test
    void serverErrorHitsTheNextMatchingRequestsOnlyAndThenTheStoreAnswersAgain() {
        api.faults().inject(ApiFault.error("GET", "/api/v1/namespaces/ns/configmaps/flags", 500, 2));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> user.configMaps().inNamespace("ns").withName("flags").get())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(500));
        }
        assertThat(user.configMaps().inNamespace("ns").withName("flags").get().getData()).containsEntry("value", "v1");
        assertThat(api.faults().isEmpty()).isTrue();
    }

    @Test
    void conflictOnUpdateLeavesTheObjectUnchanged() {
        api.faults().inject(ApiFault.error("PUT", "/api/v1/namespaces/ns/configmaps/flags", 409, 1));

        assertThatThrownBy(() -> user.configMaps().inNamespace("ns").resource(configMap("flags", "v2")).update())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
        assertThat(user.configMaps().inNamespace("ns").withName("flags").get().getData()).containsEntry("value", "v1");
    }

    @Test
    void theControlPlaneIsNotDisturbedByFaults() {
        api.faults().inject(ApiFault.error(null, "/api/v1/namespaces/ns/configmaps.*", 503, -1));

        assertThat(controlPlane.configMaps().inNamespace("ns").withName("flags").get()).isNotNull();
        assertThatThrownBy(() -> user.configMaps().inNamespace("ns").withName("flags").get())
                .isInstanceOf(KubernetesClientException.class);
        api.faults().clear();
        assertThat(user.configMaps().inNamespace("ns").withName("flags").get()).isNotNull();
    }

    @Test
    void latencyDelaysMatchingRequestsButTheyStillSucceed() {
        api.faults().inject(ApiFault.latency("GET", "/api/v1/namespaces/ns/configmaps/flags", Duration.ofMillis(400)));

        long started = System.nanoTime();
        ConfigMap slow = user.configMaps().inNamespace("ns").withName("flags").get();
        long slowMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow.getData()).containsEntry("value", "v1");
        assertThat(slowMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void faultDefinitionsAreValidated() {
        assertThatThrownBy(() -> ApiFault.error("GET", "/x", 200, 1)).hasMessageContaining("status");
        assertThatThrownBy(() -> ApiFault.latency("GET", "/x", Duration.ZERO)).hasMessageContaining("status or a delay");
        assertThatThrownBy(() -> ApiFault.error("GET", "/x", 500, 0)).hasMessageContaining("times");
        assertThatThrownBy(() -> ApiFault.slow("GET", "/x", Duration.ZERO, 1)).hasMessageContaining("delay");
        assertThatThrownBy(() -> ApiFault.slow("WATCH", "/x", Duration.ofSeconds(1), 1)).hasMessageContaining("method");
        assertThatThrownBy(() -> ApiFault.tooManyRequests("GET", "/x", Duration.ofSeconds(-1), 1))
                .hasMessageContaining("retryAfter");
        assertThatThrownBy(() -> ApiFault.tooManyRequests("GET", "/x", null, 1)).hasMessageContaining("retryAfter");
        assertThatThrownBy(() -> ApiFault.resetMidBody("WATCH", "/x", 1)).hasMessageContaining("method");
        assertThatThrownBy(() -> ApiFault.watchClosed("/x", Duration.ZERO, 1)).hasMessageContaining("after");
        assertThatThrownBy(() -> ApiFault.watchSilent(null, 1)).hasMessageContaining("pathRegex");
        assertThatThrownBy(() -> new ApiFault(FaultKind.WATCH_SILENT, "GET", Pattern.compile("/x"), 0, Duration.ZERO,
                Duration.ZERO, 1)).hasMessageContaining("method");
    }

    @Test
    void faultsWithoutAKindKeepTheirMeaning() {
        assertThat(ApiFault.error("GET", "/x", 409, 1).kind()).isEqualTo(FaultKind.ERROR);
        assertThat(ApiFault.latency("GET", "/x", Duration.ofMillis(10)).kind()).isEqualTo(FaultKind.SLOW);
        assertThat(new ApiFault("GET", Pattern.compile("/x"), 500, Duration.ZERO, -1).kind()).isEqualTo(FaultKind.ERROR);
        assertThat(new ApiFault("GET", Pattern.compile("/x"), 0, Duration.ofSeconds(3), 1).kind())
                .isEqualTo(FaultKind.SLOW);
    }

    @Test
    void appliedFaultsAreCountedByKindAndNamespace() {
        user.configMaps().inNamespace("other").resource(configMap("flags", "v1")).create();
        api.faults().inject(ApiFault.error("GET", ".*/configmaps/flags", 500, 3));
        api.faults().inject(ApiFault.tooManyRequests("PUT", ".*/configmaps/flags", Duration.ofSeconds(1), -1));

        for (String namespace : new String[] {"ns", "ns", "other"}) {
            assertThatThrownBy(() -> user.configMaps().inNamespace(namespace).withName("flags").get())
                    .isInstanceOf(KubernetesClientException.class);
        }
        assertThat(controlPlane.configMaps().inNamespace("ns").withName("flags").get()).isNotNull();
        assertThatThrownBy(() -> user.configMaps().inNamespace("ns").resource(configMap("flags", "v2")).update())
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(429));

        assertThat(api.faults().applied()).containsEntry(FaultKind.ERROR, 3L)
                .containsEntry(FaultKind.TOO_MANY_REQUESTS, 1L).containsEntry(FaultKind.SLOW, 0L);
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 2L)
                .containsEntry(FaultKind.TOO_MANY_REQUESTS, 1L);
        assertThat(api.faults().applied("other")).containsEntry(FaultKind.ERROR, 1L)
                .containsEntry(FaultKind.TOO_MANY_REQUESTS, 0L);
        assertThat(api.faults().applied("nowhere").values()).containsOnly(0L);
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .addToData("value", value).build();
    }
}
