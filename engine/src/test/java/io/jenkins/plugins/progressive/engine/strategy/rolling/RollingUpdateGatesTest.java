package io.jenkins.plugins.progressive.engine.strategy.rolling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.cluster.DeploymentRolloutStatus;
import io.jenkins.plugins.progressive.engine.cluster.RolloutPhase;
import io.jenkins.plugins.progressive.engine.event.RolloutEvent;
import io.jenkins.plugins.progressive.engine.strategy.RolloutOutcome;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadSpec;
import io.jenkins.plugins.progressive.sandbox.workload.VersionProfile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rolling updates in batches, gated on the real Prometheus measuring real traffic. */
@Tag("needs-tools")
class RollingUpdateGatesTest {

    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private static HttpPrometheusClient prometheus;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        scheduler = Executors.newScheduledThreadPool(2);
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString()));
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void anImageWithTenPercentErrorsFailsTheGateInTheFirstBatchAndIsUndone() throws Exception {
        RollingFixture fixture = new RollingFixture(sandbox, scheduler);
        fixture.deploy("gated", "checkout", "shop/checkout:1.0", 4);
        fixture.serve("gated", "checkout");
        sandbox.startLoad(LoadSpec.of("gated", "checkout", 60));
        sandbox.workloads().setProfile("checkout", "2.0", VersionProfile.healthy().withErrorRate(0.10));

        RolloutOutcome outcome = RollingUpdate.run(RollingPlan.builder("gated", "checkout")
                .image("app", "shop/checkout:2.0").batches(Batches.parse(List.of("25%", "100%")))
                .analysis(gates(), "checkout").build(), fixture.context(prometheus)).get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
        assertThat(outcome.message()).startsWith("batch 1 of 2: metric gate failed: check 'errorRate'")
                .contains("violates < 1%").contains("rolled back to revision 1");
        Deployment after = fixture.get("gated", "checkout");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("shop/checkout:1.0");
        assertThat(DeploymentRolloutStatus.of(after).phase()).isEqualTo(RolloutPhase.COMPLETE);
        assertThat(after.getStatus().getAvailableReplicas()).isEqualTo(4);
        assertThat(fixture.events).anyMatch(e -> e instanceof RolloutEvent.Progress p && p.batchTarget() == 1);
        assertThat(fixture.metrics.registry().scrape().stream().map(s -> s.getMetadata().getName())).contains("rollbacks");
    }

    @Test
    void aHealthyImagePassesTheGatesBatchByBatch() throws Exception {
        RollingFixture fixture = new RollingFixture(sandbox, scheduler);
        fixture.deploy("batched", "catalog", "shop/catalog:1.0", 4);
        fixture.serve("batched", "catalog");
        sandbox.startLoad(LoadSpec.of("batched", "catalog", 60));

        RolloutOutcome outcome = RollingUpdate.run(RollingPlan.builder("batched", "catalog")
                .image("app", "shop/catalog:2.0").batches(Batches.parse(List.of("50%", "100%")))
                .analysis(gates(), "catalog").build(), fixture.context(prometheus)).get(90, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.message() + " / " + fixture.messages()).isEqualTo(RolloutOutcome.Result.SUCCEEDED);
        assertThat(fixture.messages()).anyMatch(m -> m.startsWith("batch 1 of 2: analysis PASS"))
                .anyMatch(m -> m.startsWith("batch 2 of 2: analysis PASS"));
        assertThat(fixture.events).anyMatch(e -> e instanceof RolloutEvent.Progress p && p.batch() == 1 && p.batchTarget() == 2);
    }

    /**
     * The error-rate gate. New pods are first scraped up to ~5 s after they start, and rate() reads low until a series
     * is a window old (docs/analysis.md), so the gate waits for both and then takes three measurements.
     */
    private static AnalysisPlan gates() {
        return AnalysisPlan.of(List.of(BuiltInChecks.errorRate()))
                .withTiming(AnalysisTiming.DEFAULT.withInitialDelay(Duration.ofSeconds(8)).withInterval(Duration.ofSeconds(2))
                        .withCount(3).withWindow(Duration.ofSeconds(3)))
                .withLimits(new AnalysisLimits(0, 3, 4));
    }
}
