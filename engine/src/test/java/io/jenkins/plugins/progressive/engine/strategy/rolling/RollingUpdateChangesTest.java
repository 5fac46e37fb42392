package io.jenkins.plugins.progressive.engine.strategy.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a rolling update may change besides images: env, resources, pod annotations, or a whole manifest. */
class RollingUpdateChangesTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).start();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void envResourcesAndAnnotationsAreMergedIntoTheTemplateAndRolledOut() throws Exception {
        RollingFixture fixture = new RollingFixture(sandbox, scheduler);
        fixture.deploy("changes", "billing", "shop/billing:1.0", 2);
        RolloutOutcome outcome = RollingUpdate.run(RollingPlan.builder("changes", "billing")
                .image("app", "shop/billing:1.1")
                .env("app", "FEATURE_X", "on").env("app", "LOG_LEVEL", "debug")
                .requests("app", "memory", "192Mi").limits("app", "cpu", "1")
                .podAnnotation("prometheus.io/scrape", "true").build(), fixture.context(null)).get(30, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        Deployment after = fixture.get("changes", "billing");
        Container app = after.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getImage()).isEqualTo("shop/billing:1.1");
        assertThat(app.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("FEATURE_X=on", "LOG_LEVEL=debug");
        assertThat(app.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(app.getResources().getRequests().get("cpu").toString()).as("kept").isEqualTo("500m");
        assertThat(app.getResources().getRequests().get("memory").toString()).isEqualTo("192Mi");
        assertThat(app.getResources().getLimits().get("memory").toString()).as("kept").isEqualTo("256Mi");
        assertThat(app.getResources().getLimits().get("cpu").toString()).isEqualTo("1");
        assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        assertThat(outcome.revisionNumber()).isEqualTo(2);
    }

    @Test
    void aManifestReplacesTheTemplateButNotTheReplicaCount() throws Exception {
        RollingFixture fixture = new RollingFixture(sandbox, scheduler);
        fixture.deploy("manifest", "search", "shop/search:1.0", 3);
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: search
                spec:
                  replicas: 1
                  minReadySeconds: 0
                  selector:
                    matchLabels: {app: search}
                  template:
                    metadata:
                      labels: {app: search, tier: backend}
                    spec:
                      containers:
                      - name: app
                        image: shop/search:2.0
                        readinessProbe: {httpGet: {path: /ready, port: 8080}}
                """;
        RolloutOutcome outcome = RollingUpdate.run(RollingPlan.builder("manifest", "search").manifest(yaml).build(),
                fixture.context(null)).get(30, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        Deployment after = fixture.get("manifest", "search");
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        assertThat(after.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("tier", "backend");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/search:2.0");
        assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(3);
    }

    @Test
    void badChangesAreRejectedAtPlanTimeOrBeforeAnyWrite() throws Exception {
        assertThatThrownBy(() -> RollingPlan.builder("x", "web").image("app", "shop/web:1").requests("app", "cpu", "lots").build())
                .isInstanceOf(PlanException.class).hasMessageContaining("requests.app.cpu: 'lots' is not a quantity");
        assertThatThrownBy(() -> RollingPlan.builder("x", "web").image("app", "shop/web:1").env("app", "1=bad", "v").build())
                .hasMessageContaining("env.app: '1=bad' is not a valid variable name");
        assertThatThrownBy(() -> RollingPlan.builder("x", "web").manifest("kind: Service\napiVersion: v1\nmetadata: {name: web}").build())
                .hasMessageStartingWith("manifest: must be one apps/v1 Deployment");
        assertThatThrownBy(() -> RollingPlan.builder("x", "web").manifest(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\nspec: {template: {spec: {containers: [{name: a, image: b}]}}}").build())
                .hasMessage("manifest: metadata.name must be 'web', was 'other'");
        assertThatThrownBy(() -> RollingPlan.builder("x", "web").image("app", "Shop/Web:1").build())
                .hasMessageContaining("is not a valid image reference");
        assertThatThrownBy(() -> new RollingParameters("0", "0%", null, null)).hasMessageContaining("both are 0");
        assertThatThrownBy(() -> Batches.parse(java.util.List.of("50%", "20%", "100%"))).hasMessageContaining("must ascend");
        assertThatThrownBy(() -> Batches.parse(java.util.List.of("10%", "50%"))).hasMessageContaining("must be 100%");
        assertThatThrownBy(() -> new RollingParameters(null, null, -1, null)).hasMessageStartingWith("minReadySeconds:");

        RollingFixture fixture = new RollingFixture(sandbox, scheduler);
        Deployment before = fixture.deploy("selector", "cart", "shop/cart:1.0", 1);
        RolloutOutcome refused = RollingUpdate.run(RollingPlan.builder("selector", "cart").manifest("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: cart}
                spec:
                  selector: {matchLabels: {app: basket}}
                  template:
                    metadata: {labels: {app: basket}}
                    spec: {containers: [{name: app, image: shop/cart:2.0}]}
                """).build(), fixture.context(null)).get(30, TimeUnit.SECONDS);
        assertThat(refused.result()).isEqualTo(RolloutOutcome.Result.REFUSED);
        assertThat(refused.message()).contains("spec.selector differs");
        assertThat(fixture.get("selector", "cart").getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    }
}
