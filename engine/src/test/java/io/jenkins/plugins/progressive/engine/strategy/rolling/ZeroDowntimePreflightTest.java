package io.jenkins.plugins.progressive.engine.strategy.rolling;

import static io.jenkins.plugins.progressive.engine.strategy.rolling.ZeroDowntimePreflight.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.strategy.rolling.PreflightFinding.Severity;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each finding of the zero-downtime preflight, against Deployments, PodDisruptionBudgets and Services in the sandbox's
 * API server. Every Deployment starts from one with nothing to report and breaks one thing.
 */
class ZeroDowntimePreflightTest {

    private static final String NS = "shop";
    private static final String PINNED = "registry.example.com/shop/web:2.0@sha256:" + "ab".repeat(32);
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).start();
        client = sandbox.client();
    }

    @AfterEach
    void clearApiFaults() {
        sandbox.apiServer().faults().clear();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aWellPreparedDeploymentHasNoFindings() {
        create(deployment("clean", 3).build());
        budget("clean-pdb", "clean", new IntOrString(2), null);
        service("clean");

        assertThat(check("clean", new IntOrString(1), new IntOrString(1), new ImageChange("web", PINNED))).isEmpty();
    }

    @Test
    void aMissingDeploymentIsTheOnlyFinding() {
        assertThat(check("nothing", null, null)).singleElement().isEqualTo(PreflightFinding.error(DEPLOYMENT_NOT_FOUND,
                "deployment shop/nothing not found"));
    }

    @Test
    void maxUnavailableOfAllPodsIsAnError() {
        create(deployment("all-down", 3).build());

        assertThat(check("all-down", null, new IntOrString("100%"))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.code()).isEqualTo(NO_AVAILABLE_PODS);
            assertThat(f.message()).startsWith("maxSurge 25% (1 pod), maxUnavailable 100% (3 pods) let all 3 pod(s) "
                    + "of deployment shop/all-down stop at once");
        });
        assertThat(codes(check("all-down", new IntOrString(1), new IntOrString(3)))).containsExactly(NO_AVAILABLE_PODS);
        assertThat(check("all-down", new IntOrString(1), new IntOrString(2))).isEmpty();
    }

    @Test
    void surgeAndUnavailabilityBothZeroIsAnErrorEvenWhenOneIsTheDeploymentsOwn() {
        create(deployment("stuck", 3).editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy().endSpec().build());

        assertThat(codes(check("stuck", new IntOrString(0), null))).containsExactly(SURGE_AND_UNAVAILABLE_ZERO);
        assertThat(check("stuck", new IntOrString(1), null)).as("the Deployment's maxUnavailable 0 is kept").isEmpty();
    }

    @Test
    void percentagesResolveLikeKubernetes() {
        create(deployment("single", 1).build());

        // Default 25%/25% of one pod: surge rounds up to 1, unavailability down to 0 — a rollout without a gap.
        assertThat(check("single", null, null)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(SINGLE_REPLICA);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("the new pod starts before the old one stops (maxSurge 25% (1 pod), "
                    + "maxUnavailable 25% (0 pods))");
        });
        // No surge and 25% of one pod rounds to 0 as well: the controller then lets the only pod go.
        List<PreflightFinding> gap = check("single", new IntOrString(0), new IntOrString("25%"));
        assertThat(codes(gap)).containsExactly(NO_AVAILABLE_PODS, SINGLE_REPLICA);
        assertThat(gap.get(1).message()).contains("its only pod stops before the new one is ready")
                .contains("set maxSurge 1 and maxUnavailable 0");
        assertThat(check("single", null, new IntOrString("150%"))).singleElement().satisfies(f -> assertThat(f.message())
                .isEqualTo("maxUnavailable: 150% is more than 100%"));
        assertThat(check("single", new IntOrString("two"), null)).first().satisfies(f -> assertThat(f.message())
                .isEqualTo("maxSurge: 'two' must be a whole number or a percentage like 25%"));
    }

    @Test
    void aRolloutThatWouldGoBelowAMinAvailableBudgetIsAnError() {
        create(deployment("budgeted", 4).build());
        budget("budgeted-pdb", "budgeted", new IntOrString("60%"), null); // 2.4 pods round up to 3

        List<PreflightFinding> findings = check("budgeted", new IntOrString(1), new IntOrString(2));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(DISRUPTION_BUDGET_VIOLATED);
            assertThat(f.message()).isEqualTo("maxSurge 1, maxUnavailable 2 let availability fall to 2 of 4 pods, below "
                    + "what PodDisruptionBudget budgeted-pdb requires (minAvailable 60%, at least 3 available); a rolling "
                    + "update does not ask the budget, so lower maxUnavailable to 1 and allow a surge");
        });
        assertThat(check("budgeted", new IntOrString(1), new IntOrString(1))).isEmpty();
    }

    @Test
    void aBudgetsMaxUnavailableAndSetBasedSelectorsCount() {
        create(deployment("tiered", 4).build());
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("tiered-pdb").endMetadata().withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchExpressions(new LabelSelectorRequirement("app", "In", List.of("tiered", "other")))
                .endSelector().endSpec().build()).create();
        budget("unrelated-pdb", "someone-else", new IntOrString("100%"), null);

        assertThat(codes(check("tiered", new IntOrString(2), new IntOrString(2)))).containsExactly(DISRUPTION_BUDGET_VIOLATED);
        assertThat(check("tiered", new IntOrString(2), new IntOrString(1))).isEmpty();
    }

    @Test
    void aBudgetOverSeveralDeploymentsCountsAllTheirPods() {
        create(deployment("blue", 3).editSpec().editTemplate().editMetadata().addToLabels("tier", "front").endMetadata()
                .endTemplate().endSpec().build());
        create(deployment("green", 3).editSpec().editTemplate().editMetadata().addToLabels("tier", "front").endMetadata()
                .endTemplate().endSpec().build());
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("front-pdb").endMetadata().withNewSpec().withMinAvailable(new IntOrString(5))
                .withNewSelector().addToMatchLabels("tier", "front").endSelector().endSpec().build()).create();

        // 6 pods behind the budget: one of blue's three may go and 5 still serve; judged on blue alone, none could.
        assertThat(check("blue", new IntOrString(1), new IntOrString(1))).isEmpty();
        assertThat(codes(check("blue", new IntOrString(1), new IntOrString(2)))).containsExactly(DISRUPTION_BUDGET_VIOLATED);
    }

    @Test
    void aContainerWithoutReadinessProbeIsNamed() {
        create(deployment("unprobed", 3).editSpec().editTemplate().editSpec().addNewContainer().withName("sidecar")
                .withImage(PINNED).endContainer().endSpec().endTemplate().endSpec().build());

        assertThat(check("unprobed", null, null)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(NO_READINESS_PROBE);
            assertThat(f.message()).startsWith("container sidecar has no readiness probe");
        });
    }

    @Test
    void aServiceBackedPodWithoutPreStopAndAShortGracePeriodIsAWarning() {
        create(deployment("abrupt", 3).editSpec().editTemplate().editSpec().withTerminationGracePeriodSeconds(2L)
                .editFirstContainer().withLifecycle(null).endContainer().endSpec().endTemplate().endSpec().build());
        create(deployment("internal", 3).editSpec().editTemplate().editSpec().withTerminationGracePeriodSeconds(2L)
                .editFirstContainer().withLifecycle(null).endContainer().endSpec().endTemplate().endSpec().build());
        create(deployment("drained", 3).editSpec().editTemplate().editSpec().withTerminationGracePeriodSeconds(2L)
                .endSpec().endTemplate().endSpec().build());
        service("abrupt");
        service("drained");

        assertThat(check("abrupt", null, null)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ABRUPT_TERMINATION);
            assertThat(f.message()).startsWith("Service abrupt sends traffic to deployment shop/abrupt, whose container(s) "
                    + "web have no preStop hook and terminationGracePeriodSeconds is 2");
        });
        assertThat(check("internal", null, null)).as("no Service, no traffic to cut").isEmpty();
        assertThat(check("drained", null, null)).as("the preStop hook drains").isEmpty();
    }

    @Test
    void imagesThatAreNotPinnedAreWarnedAboutAsTheyWillBeDeployed() {
        create(deployment("images", 3).editSpec().editTemplate().editSpec().addNewInitContainer().withName("schema")
                .withImage("shop/schema:1.4").endInitContainer().endSpec().endTemplate().endSpec().build());

        assertThat(check("images", null, null, new ImageChange("web", "shop/web:latest"))).extracting(PreflightFinding::code)
                .containsExactly(IMAGE_NOT_PINNED, MUTABLE_IMAGE_TAG);
        assertThat(check("images", null, null, new ImageChange("web", "registry.example.com:5000/shop/web")))
                .filteredOn(f -> f.code().equals(MUTABLE_IMAGE_TAG)).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("container web: image registry.example.com:5000/shop/web "
                        + "has no tag, so it means 'latest', which can be a different build on each node and in each pod; "
                        + "deploy a version tag, pinned by digest (@sha256:…)"));
        assertThat(check("images", null, null, new ImageChange("web", "shop/web:2.1"), new ImageChange("schema", PINNED)))
                .singleElement().satisfies(f -> assertThat(f.message()).startsWith("container web: image shop/web:2.1 "
                        + "is not pinned by digest"));
    }

    @Test
    void whatCannotBeReadIsSaid() {
        create(deployment("guarded", 3).build());
        sandbox.apiServer().faults().inject(ApiFault.error("GET", ".*/poddisruptionbudgets", 403, 1));

        assertThat(check("guarded", null, new IntOrString(1))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.code()).isEqualTo(UNREADABLE);
            assertThat(f.message()).startsWith("cannot read PodDisruptionBudgets in namespace shop (HTTP 403");
        });

        sandbox.apiServer().faults().inject(ApiFault.error("GET", ".*/deployments/guarded", 403, 1));
        assertThat(codes(check("guarded", null, null))).containsExactly(DEPLOYMENT_UNREADABLE);
    }

    @Test
    void errorsComeFirst() {
        create(deployment("mixed", 2).editSpec().editTemplate().editSpec().editFirstContainer().withReadinessProbe(null)
                .endContainer().endSpec().endTemplate().endSpec().build());

        assertThat(check("mixed", null, new IntOrString(2))).extracting(PreflightFinding::severity)
                .containsExactly(Severity.ERROR, Severity.WARNING);
    }

    private static List<PreflightFinding> check(String name, IntOrString maxSurge, IntOrString maxUnavailable,
            ImageChange... images) {
        return ZeroDowntimePreflight.check(client, NS, name, maxSurge, maxUnavailable, List.of(images));
    }

    private static List<String> codes(List<PreflightFinding> findings) {
        return findings.stream().map(PreflightFinding::code).toList();
    }

    /** Nothing to report: probes, a preStop drain, a digest-pinned image, 30 s grace. */
    private static DeploymentBuilder deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec().withTerminationGracePeriodSeconds(30L)
                            .addNewContainer().withName("web").withImage(PINNED)
                                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8080))
                                    .endHttpGet().endReadinessProbe()
                                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sleep", "5").endExec()
                                    .endPreStop().endLifecycle()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec();
    }

    private static void create(Deployment deployment) {
        client.apps().deployments().inNamespace(NS).resource(deployment).create();
    }

    private static void budget(String name, String app, IntOrString minAvailable, IntOrString maxUnavailable) {
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withMinAvailable(minAvailable).withMaxUnavailable(maxUnavailable)
                    .withNewSelector().addToMatchLabels("app", app).endSelector().endSpec()
                .build()).create();
    }

    private static void service(String app) {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(app).endMetadata()
                .withNewSpec().addToSelector("app", app).addNewPort().withPort(80).endPort().endSpec().build()).create();
    }
}
