package io.jenkins.plugins.progressive.engine.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Router input is checked before anything reaches a cluster, with messages naming the field. */
class RouterSpecTest {

    /** Never connected: creating routers reads nothing. */
    private static KubernetesClient client;

    @BeforeAll
    static void client() {
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9")
                .build()).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void eachKindBecomesItsRouterAndIgnoresTheFieldsItDoesNotUse() {
        assertThat(TrafficRouters.create(new RouterSpec(Kind.REPLICA_RATIO, null, "web-stable", "web-canary", "web", 10),
                client, "shop")).isInstanceOf(ReplicaRatioRouter.class);
        assertThat(TrafficRouters.create(new RouterSpec(Kind.GATEWAY_API, "web", "web-stable", "web-canary", "web", 10),
                client, "shop").describe()).isEqualTo("Gateway API HTTPRoute shop/web");
        assertThat(TrafficRouters.create(RouterSpec.istio("web", "web-stable", "web-canary"), client, "shop").describe())
                .isEqualTo("Istio VirtualService shop/web");
        assertThat(TrafficRouters.create(RouterSpec.nginx("web", "web-stable", "web-canary"), client, "shop").describe())
                .isEqualTo("NGINX canary Ingress shop/web-canary beside web");
    }

    @Test
    void missingOrInvalidFieldsAreNamed() {
        assertThatThrownBy(() -> new RouterSpec(null, "web", "a", "b", null, 0))
                .hasMessage("kind: must be one of [REPLICA_RATIO, GATEWAY_API, ISTIO, NGINX]");
        assertThatThrownBy(() -> RouterSpec.replicaRatio(null, 10)).hasMessageStartingWith("stableDeployment: 'null'");
        assertThatThrownBy(() -> RouterSpec.replicaRatio("web", 0)).hasMessageStartingWith("totalReplicas:")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> RouterSpec.gatewayApi(null, "web-stable", "web-canary"))
                .hasMessageStartingWith("routerObject (the HTTPRoute's name): 'null' is not a valid object name");
        assertThatThrownBy(() -> RouterSpec.istio("web", "Web_Stable", "web-canary"))
                .hasMessageStartingWith("stableService: 'Web_Stable' is not a valid Service name");
        assertThatThrownBy(() -> RouterSpec.nginx("web", "web-stable", "web-stable"))
                .hasMessage("canaryService: must differ from stableService, both were 'web-stable'");
        assertThatThrownBy(() -> TrafficRouters.create(RouterSpec.istio("web", "a", "b"), client, "Shop"))
                .hasMessageStartingWith("namespace: 'Shop' is not a valid name");
        assertThatThrownBy(() -> TrafficRouters.create(RouterSpec.nginx("w".repeat(250), "a", "b"), client, "shop"))
                .hasMessageStartingWith("primaryIngress + \"-canary\":");
    }
}
