package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The app of a canary test as a user has it before the first canary, for each router. */
public final class CanaryApps {

    private CanaryApps() {
    }

    /**
     * Deployment {@code app} of version 1.0 ({@code shop/<app>:1.0}, rolling update with maxSurge 1, maxUnavailable 0),
     * its Service, the {@code -stable}/{@code -canary} Services the route object names and the route object for
     * {@code kind}; returns once the Deployment is rolled out.
     */
    public static void create(KubernetesClient client, String ns, String app, RouterSpec.Kind kind, int replicas) {
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/" + app + ":1.0").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        service(client, ns, app, Map.of("app", app));
        if (kind != RouterSpec.Kind.REPLICA_RATIO) {
            service(client, ns, app + "-stable", Map.of("app", app));
            service(client, ns, app + "-canary", Map.of("app", app, "progressive.jenkins.io/track", "canary"));
            routeObject(client, ns, app, kind);
        }
        client.apps().deployments().inNamespace(ns).withName(app).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 15, TimeUnit.SECONDS);
    }

    private static void service(KubernetesClient client, String ns, String name, Map<String, String> selector) {
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
    }

    private static void routeObject(KubernetesClient client, String ns, String app, RouterSpec.Kind kind) {
        switch (kind) {
            case GATEWAY_API -> client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
                    .inNamespace(ns).resource(new HTTPRouteBuilder().withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                            .withNewSpec().addNewParentRef().withGroup("").withKind("Service").withName(app).endParentRef()
                                .addNewRule()
                                    .addNewBackendRef().withName(app + "-stable").withPort(80).withWeight(100).endBackendRef()
                                    .addNewBackendRef().withName(app + "-canary").withPort(80).withWeight(0).endBackendRef()
                                .endRule()
                            .endSpec().build()).create();
            case ISTIO -> client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                    .withGroup("networking.istio.io").withVersion("v1beta1").withKind("VirtualService")
                    .withPlural("virtualservices").withNamespaced(true).build()).inNamespace(ns)
                    .resource(virtualService(ns, app)).create();
            case NGINX -> client.network().v1().ingresses().inNamespace(ns).resource(new IngressBuilder()
                    .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                    .withNewSpec().addNewRule().withHost(app).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                        .withNewBackend().withNewService().withName(app + "-stable").withNewPort().withNumber(80).endPort()
                        .endService().endBackend().endPath().endHttp().endRule().endSpec().build()).create();
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    private static GenericKubernetesResource virtualService(String ns, String app) {
        return new GenericKubernetesResourceBuilder().withApiVersion("networking.istio.io/v1beta1").withKind("VirtualService")
                .withNewMetadata().withName(app).withNamespace(ns).endMetadata()
                .addToAdditionalProperties("spec", Map.of("hosts", List.of(app), "http", List.of(Map.of("name", "primary",
                        "route", List.of(
                                Map.of("destination", Map.of("host", app + "-stable"), "weight", 100),
                                Map.of("destination", Map.of("host", app + "-canary"), "weight", 0))))))
                .build();
    }
}
