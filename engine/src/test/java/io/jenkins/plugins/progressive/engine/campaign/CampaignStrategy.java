package io.jenkins.plugins.progressive.engine.campaign;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenDeploy;
import io.jenkins.plugins.progressive.engine.strategy.bluegreen.BlueGreenPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryApps;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryPlan;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStage;
import io.jenkins.plugins.progressive.engine.strategy.canary.CanaryStep;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingParameters;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingPlan;
import io.jenkins.plugins.progressive.engine.strategy.rolling.RollingUpdate;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulPlan;
import io.jenkins.plugins.progressive.engine.strategy.stateful.StatefulRollingUpdate;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The strategies a campaign drives, each as a user has it: the app at version 1.0 before the run (created by an
 * administrator's client, before any fault), the rollout to 2.0 through the client under test, and what "the whole
 * workload runs version v" means for it, read from the cluster afterwards.
 */
enum CampaignStrategy {
    CANARY_REPLICA_RATIO("rr", RouterSpec.Kind.REPLICA_RATIO),
    CANARY_NGINX("ngx", RouterSpec.Kind.NGINX),
    CANARY_GATEWAY_API("gw", RouterSpec.Kind.GATEWAY_API),
    CANARY_ISTIO("ist", RouterSpec.Kind.ISTIO),
    BLUE_GREEN("bg", null),
    ROLLING("ru", null),
    STATEFUL_SET("sts", null);

    static final int REPLICAS = 3;
    /** Short enough that a never-ready version is given up within seconds, long enough for a loaded machine. */
    static final int PROGRESS_DEADLINE_SECONDS = 6;
    static final String APP = "web";

    final String prefix;
    private final RouterSpec.Kind router;

    CampaignStrategy(String prefix, RouterSpec.Kind router) {
        this.prefix = prefix;
        this.router = router;
    }

    /** What a run ended with: the engine's result name, and whether it says the new version is live. */
    record Ending(String result, boolean promoted, String message) {
    }

    static String image(String ns, String version) {
        return "shop/" + ns + ":" + version;
    }

    /** The app at 1.0, fully available, with a Service {@code web} (and the router's objects). */
    void setUp(KubernetesClient admin, String ns) {
        switch (this) {
            case STATEFUL_SET -> statefulSet(admin, ns);
            case BLUE_GREEN, ROLLING -> {
                deployment(admin, ns);
                service(admin, ns, APP);
            }
            default -> {
                CanaryApps.create(admin, ns, APP, router, REPLICAS);
                admin.apps().deployments().inNamespace(ns).withName(APP).edit(d -> new DeploymentBuilder(d).editSpec()
                        .withProgressDeadlineSeconds(PROGRESS_DEADLINE_SECONDS).endSpec().build());
            }
        }
    }

    /** Starts the rollout of 2.0; the future ends with the engine's outcome. */
    CompletableFuture<Ending> start(RolloutContext context, String ns, String holder) {
        List<ImageChange> images = List.of(new ImageChange("app", image(ns, "2.0")));
        Duration deadline = Duration.ofSeconds(PROGRESS_DEADLINE_SECONDS);
        return switch (this) {
            case BLUE_GREEN -> BlueGreenDeploy.start(BlueGreenPlan.builder(ns, APP).image("app", image(ns, "2.0"))
                            .scaleDownDelay(Duration.ofSeconds(1)).progressDeadline(deadline).holder(holder).build(),
                    context, null).outcome().thenApply(o -> new Ending(o.result().name(),
                    o.result() == RolloutOutcome.Result.PROMOTED, o.message()));
            case ROLLING -> RollingUpdate.start(RollingPlan.builder(ns, APP).image("app", image(ns, "2.0"))
                            .parameters(new RollingParameters(null, null, null, PROGRESS_DEADLINE_SECONDS))
                            .batches(Batches.parse(List.of("50%", "100%"))).holder(holder).build(), context)
                    .outcome().thenApply(o -> new Ending(o.result().name(),
                            o.result() == RolloutOutcome.Result.SUCCEEDED, o.message()));
            case STATEFUL_SET -> StatefulRollingUpdate.start(new StatefulPlan(ns, APP, images,
                            new Batches(List.of(34, 100)), List.of(), null, null, true, deadline, holder), context)
                    .outcome().thenApply(o -> new Ending(o.result().name(),
                            o.result() == RolloutOutcome.Result.SUCCEEDED, o.message()));
            default -> CanaryStage.start(new CanaryPlan(ns, APP, images, router,
                            router == RouterSpec.Kind.REPLICA_RATIO ? null : APP,
                            List.of(new CanaryStep.SetWeight(34), new CanaryStep.SetWeight(100)), null, 0, null, holder),
                    context, null).outcome().thenApply(o -> new Ending(o.result().name(),
                    o.result() == RolloutOutcome.Result.PROMOTED, o.message()));
        };
    }

    /**
     * Why the workload does not (yet) run {@code version} whole: its template (the version it converges to) and every
     * pod of the app that is not on its way out — exactly {@link #REPLICAS}, all ready, all of {@code version}, no
     * canary, no idle blue/green slot, no half-updated StatefulSet. Empty when it does.
     */
    String notWhole(KubernetesClient admin, String ns, String version) {
        String template = switch (this) {
            case STATEFUL_SET -> {
                StatefulSet set = admin.apps().statefulSets().inNamespace(ns).withName(APP).get();
                yield set == null ? "missing" : tag(set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            }
            case BLUE_GREEN -> {
                Map<String, String> selector = admin.services().inNamespace(ns).withName(APP).get().getSpec().getSelector();
                String slot = selector.get("slot");
                Deployment live = admin.apps().deployments().inNamespace(ns).withName(slot == null ? APP : APP + "-" + slot)
                        .get();
                yield live == null ? "missing slot " + slot : tag(live.getSpec().getTemplate().getSpec().getContainers()
                        .get(0).getImage()) + (DeploymentRolloutStatus.of(live).phase() == RolloutPhase.COMPLETE ? ""
                        : " (" + DeploymentRolloutStatus.of(live).message() + ")");
            }
            default -> {
                Deployment stable = admin.apps().deployments().inNamespace(ns).withName(APP).get();
                yield tag(stable.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        + (DeploymentRolloutStatus.of(stable).phase() == RolloutPhase.COMPLETE ? ""
                        : " (" + DeploymentRolloutStatus.of(stable).message() + ")");
            }
        };
        List<Pod> pods = admin.pods().inNamespace(ns).withLabel("app", APP).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        if (this == BLUE_GREEN) {
            return blueGreenNotWhole(admin, ns, version, template, pods);
        }
        long whole = pods.stream().filter(p -> version.equals(tag(p.getSpec().getContainers().get(0).getImage())))
                .filter(CampaignStrategy::ready).count();
        if (template.equals(version) && whole == REPLICAS && pods.size() == REPLICAS) {
            return "";
        }
        return "template " + template + ", pods " + describe(pods);
    }

    /**
     * Blue/green: the pods the active Service selects all run {@code version}, ready, at least R of them (before the
     * first release it selects the plain Deployment's pods, which adoption leaves to their owner), and no pod of the
     * idle slot is left.
     */
    private static String blueGreenNotWhole(KubernetesClient admin, String ns, String version, String template,
            List<Pod> pods) {
        Map<String, String> selector = admin.services().inNamespace(ns).withName(APP).get().getSpec().getSelector();
        List<Pod> serving = pods.stream().filter(p -> p.getMetadata().getLabels().entrySet()
                .containsAll(selector.entrySet())).toList();
        List<Pod> idle = pods.stream().filter(p -> p.getMetadata().getLabels().containsKey("slot"))
                .filter(p -> !serving.contains(p)).toList();
        boolean whole = serving.size() >= REPLICAS && serving.stream().allMatch(p -> ready(p)
                && version.equals(tag(p.getSpec().getContainers().get(0).getImage())));
        if (template.equals(version) && whole && idle.isEmpty()) {
            return "";
        }
        return "template " + template + ", serving " + describe(serving) + ", idle slot " + describe(idle);
    }

    private static List<String> describe(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName() + "=" + tag(p.getSpec().getContainers().get(0).getImage())
                + (ready(p) ? "" : "(not ready)")).toList();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String tag(String image) {
        return image.substring(image.lastIndexOf(':') + 1);
    }

    private static void deployment(KubernetesClient admin, String ns) {
        admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(APP).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(REPLICAS).withProgressDeadlineSeconds(PROGRESS_DEADLINE_SECONDS)
                    .withNewSelector().addToMatchLabels("app", APP).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                    .withNewTemplate().withNewMetadata().addToLabels("app", APP).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage(image(ns, "1.0")).endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        admin.apps().deployments().inNamespace(ns).withName(APP).waitUntilCondition(d -> d != null
                && DeploymentRolloutStatus.of(d).phase() == RolloutPhase.COMPLETE, 60, TimeUnit.SECONDS);
    }

    private static void statefulSet(KubernetesClient admin, String ns) {
        admin.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(APP).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(REPLICAS).withServiceName(APP)
                    .withNewSelector().addToMatchLabels("app", APP).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", APP).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage(image(ns, "1.0")).endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        service(admin, ns, APP);
        admin.apps().statefulSets().inNamespace(ns).withName(APP).waitUntilCondition(s -> s != null
                && s.getStatus() != null && Objects.equals(s.getStatus().getReadyReplicas(), REPLICAS), 60, TimeUnit.SECONDS);
    }

    private static void service(KubernetesClient admin, String ns, String name) {
        admin.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withNewSpec().addToSelector("app", APP).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
    }
}
