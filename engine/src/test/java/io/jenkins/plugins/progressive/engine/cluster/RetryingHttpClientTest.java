package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import io.jenkins.plugins.progressive.sandbox.api.ApiServer;
import io.jenkins.plugins.progressive.sandbox.api.FaultKind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rollout's client (the {@link LeaseFence}'s) rides out transient API faults — 5xx, 429 with Retry-After, a
 * connection reset in the middle of an answer, an answer slower than the request timeout, a patch's spurious 409 —
 * and hands every answer that means something (a POST's 5xx, a guarded patch's 409, a 404) to the caller at once.
 * Requests go through the sandbox's fault proxy, so resets are real TCP resets.
 */
class RetryingHttpClientTest {

    private static final String PATH = "/api/v1/namespaces/ns/configmaps/flags";
    private ApiServer api;
    private KubernetesClient base;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = ApiServer.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.faultProxyUrl()).withNamespace("ns")
                .withUserAgent("retry-test").withRequestTimeout(1_000).withConnectionTimeout(1_000)
                .withRequestRetryBackoffLimit(0).build();
        base = new KubernetesClientBuilder().withHttpClientFactory(new OkHttpClientFactory()).withConfig(config).build();
        client = new LeaseFence(base).client();
        base.configMaps().inNamespace("ns").resource(configMap("v1")).create();
    }

    @AfterEach
    void stop() {
        base.close();
        api.close();
    }

    @Test
    void serverErrorsAreRetriedUntilTheAnswerComes() {
        api.faults().inject(ApiFault.error("GET", PATH, 503, 3));

        assertThat(flags().get().getData()).containsEntry("value", "v1");
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 3L);
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedNoSoonerThanItsRetryAfter() {
        api.faults().inject(ApiFault.tooManyRequests("GET", PATH, Duration.ofSeconds(1), 1));

        long started = System.nanoTime();
        assertThat(flags().get().getData()).containsEntry("value", "v1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.TOO_MANY_REQUESTS, 1L);
    }

    @Test
    void aConnectionResetMidAnswerIsRetriedOnAFreshConnection() {
        api.faults().inject(ApiFault.resetMidBody("GET", PATH, 2));

        assertThat(flags().get().getData()).containsEntry("value", "v1");
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.RESET_MID_BODY, 2L);
    }

    @Test
    void aPatchWhoseAnswerIsSlowerThanTheTimeoutIsRepeatedAndLandsOnce() {
        api.faults().inject(ApiFault.slow("PATCH", PATH, Duration.ofMillis(2_500), 1));

        ConfigMap patched = flags().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"value\":\"v2\"}}");
        assertThat(patched.getData()).containsEntry("value", "v2");
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.SLOW, 1L);
    }

    @Test
    void aPlainPatchsConflictIsRetriedButAGuardedPatchsConflictIsTheCallers() {
        api.faults().inject(ApiFault.error("PATCH", PATH, 409, 2));
        assertThat(flags().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"value\":\"v2\"}}").getData())
                .containsEntry("value", "v2");

        api.faults().inject(ApiFault.error("PATCH", PATH, 409, 1));
        String stale = "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"1\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/value\",\"value\":\"v3\"}]";
        assertThatThrownBy(() -> flags().patch(PatchContext.of(PatchType.JSON), stale))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 3L);
        assertThat(api.faults().isEmpty()).isTrue();
    }

    @Test
    void aCreateIsNotRepeatedAfterAServerErrorBecauseItMayHaveLanded() {
        api.faults().inject(ApiFault.error("POST", "/api/v1/namespaces/ns/configmaps", 500, 1));

        assertThatThrownBy(() -> client.configMaps().inNamespace("ns").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("other").withNamespace("ns").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 1L);
    }

    @Test
    void aFaultThatOutlastsThePolicyReachesTheCallerAfterItsAttempts() {
        KubernetesClient brief = LeaseFence.derive(base, base.getHttpClient(),
                new ApiRetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofSeconds(10)));
        api.faults().inject(ApiFault.error("GET", PATH, 502, -1));

        assertThatThrownBy(() -> brief.configMaps().inNamespace("ns").withName("flags").get())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(502));
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 3L);
    }

    @Test
    void answersThatMeanSomethingAreNotRetried() {
        assertThat(client.configMaps().inNamespace("ns").withName("absent").get()).isNull();
        api.faults().inject(ApiFault.error("GET", PATH, 403, 1));
        assertThatThrownBy(() -> flags().get())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 1L);
    }

    @Test
    void anAnswerThroughTheServiceProxyIsTheWorkloadsAndIsNotRepeated() {
        String proxied = "/api/v1/namespaces/ns/services/web:80/proxy/healthz";
        api.faults().inject(ApiFault.error("GET", proxied, 500, 1));

        assertThatThrownBy(() -> client.raw(api.faultProxyUrl() + proxied))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
        assertThat(api.faults().applied("ns")).containsEntry(FaultKind.ERROR, 1L);
    }

    private io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> flags() {
        return client.configMaps().inNamespace("ns").withName("flags");
    }

    private static ConfigMap configMap(String value) {
        return new ConfigMapBuilder().withNewMetadata().withName("flags").withNamespace("ns").endMetadata()
                .addToData("value", value).build();
    }
}
