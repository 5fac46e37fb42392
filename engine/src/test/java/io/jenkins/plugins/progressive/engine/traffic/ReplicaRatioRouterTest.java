package io.jenkins.plugins.progressive.engine.traffic;

import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.CANARY;
import static io.jenkins.plugins.progressive.engine.traffic.TwoVersions.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator;
import io.jenkins.plugins.progressive.sandbox.traffic.TrafficCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replica ratio against the sandbox: the user's Service spreads real requests over the pods the router leaves. */
class ReplicaRatioRouterTest {

    private static final int REPLICAS = 10;
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.NONE).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theCanaryShareFollowsItsShareOfThePodsAndResetRestoresTheStableReplicas() {
        TwoVersions versions = TwoVersions.deploy(sandbox, "ratio", REPLICAS, 0);
        ReplicaRatioRouter router = new ReplicaRatioRouter(versions.client, "ratio", "web", REPLICAS);
        router.verify();
        LoadGenerator load = versions.load("web");

        for (int weight : new int[] {5, 20, 25, 50}) {
            int canaryPods = (int) Math.ceil(REPLICAS * weight / 100.0); // what the canary strategy runs
            versions.scale("web-canary", canaryPods);
            router.setWeight(weight);
            versions.awaitPods(router.stableReplicasAt(weight), canaryPods);
            TrafficCounts counts = TwoVersions.sample(load, TwoVersions.sampleSize(router.canaryShareAt(weight)));
            System.out.printf("replica ratio R=%d weight %d: %d stable + %d canary pods, expected share %.3f, "
                    + "observed %.3f of %d requests%n", REPLICAS, weight, router.stableReplicasAt(weight), canaryPods,
                    router.canaryShareAt(weight), counts.share(CANARY), counts.total());
            assertThat(counts.share(CANARY)).as("weight " + weight).isCloseTo(router.canaryShareAt(weight), within(0.05));
            assertThat(counts.count(STABLE) + counts.count(CANARY)).as("every request answered").isEqualTo(counts.total());
        }

        router.reset();
        versions.scale("web-canary", 0);
        versions.awaitPods(REPLICAS, 0);
        assertThat(TwoVersions.sample(load, 200).byVersion()).containsOnlyKeys(STABLE);
        assertThat(versions.client.apps().deployments().inNamespace("ratio").withName("web").get().getSpec()
                .getReplicas()).isEqualTo(REPLICAS);
    }

    @Test
    void aWeightTheStableDeploymentAlreadyHasSendsNoWriteRequest() {
        TwoVersions.deploy(sandbox, "ratio-again", REPLICAS, 0);
        ReplicaRatioRouter router = new ReplicaRatioRouter(sandbox.client(), "ratio-again", "web", REPLICAS);
        RouterChecks writes = new RouterChecks(sandbox, "ratio-again");

        writes.writesThenNothingAgain("setWeight(5): no whole pod replaced yet", 0, () -> router.setWeight(5));
        writes.writesThenNothingAgain("setWeight(30)", 1, () -> router.setWeight(30));
        writes.writesThenNothingAgain("setWeight(35): still 3 pods replaced", 0, () -> router.setWeight(35));
        writes.writesThenNothingAgain("reset", 1, router::reset);
    }

    @Test
    void holdsComparesTheStableReplicasAndNoWeightCanBeObservedFromThem() {
        TwoVersions.deploy(sandbox, "ratio-observe", REPLICAS, 0);
        ReplicaRatioRouter router = new ReplicaRatioRouter(sandbox.client(), "ratio-observe", "web", REPLICAS);
        RouterChecks writes = new RouterChecks(sandbox, "ratio-observe");
        assertThat(writes.readOnly(() -> router.holds(0))).isTrue();
        assertThat(writes.readOnly(() -> router.holds(9))).as("the same 10 stable pods").isTrue();
        assertThat(writes.readOnly(() -> router.holds(10))).isFalse();

        router.setWeight(30);
        assertThat(writes.readOnly(() -> router.holds(30))).isTrue();
        assertThat(writes.readOnly(() -> router.holds(0))).isFalse();
        assertThat(writes.readOnly(router::observedWeight)).as("7 stable pods stand for any weight 30..39").isEmpty();

        ReplicaRatioRouter missing = new ReplicaRatioRouter(sandbox.client(), "ratio-observe", "shop", REPLICAS);
        assertThatThrownBy(() -> missing.holds(0)).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("Deployment ratio-observe/shop not found");
    }

    @Test
    void theApproximationKeepsCapacityAndIsStatedInTheDescription() {
        ReplicaRatioRouter router = new ReplicaRatioRouter(sandbox.client(), "math", "web", REPLICAS);
        assertThat(router.stableReplicasAt(0)).isEqualTo(10);
        assertThat(router.stableReplicasAt(5)).as("no whole pod replaced yet").isEqualTo(10);
        assertThat(router.canaryShareAt(5)).isCloseTo(1 / 11.0, within(1e-9));
        assertThat(router.stableReplicasAt(25)).isEqualTo(8);
        assertThat(router.canaryShareAt(25)).isCloseTo(3 / 11.0, within(1e-9));
        assertThat(router.canaryShareAt(20)).isEqualTo(0.2);
        assertThat(router.stableReplicasAt(100)).isZero();
        assertThat(router.canaryShareAt(100)).isEqualTo(1.0);
        assertThat(router.exactWeights()).isFalse();
        assertThat(router.describe()).contains("math/web").contains("10 replicas").contains("approximate");
    }

    @Test
    void headerRoutesAreRefusedNamingTheRoutersThatCanDoThem() {
        ReplicaRatioRouter router = new ReplicaRatioRouter(sandbox.client(), "ab", "web", REPLICAS);

        assertThat(router.supportsHeaderRoutes()).isFalse();
        assertThatThrownBy(() -> router.setHeaderRoute(HeaderRoute.header("beta", "x-beta", "1")))
                .isInstanceOf(TrafficRouterException.class).hasMessageContaining("route beta")
                .hasMessageContaining("Gateway API, Istio or NGINX");
    }

    @Test
    void aMissingStableDeploymentOrAWeightOutOfRangeIsRefusedBeforeAnyWrite() {
        ReplicaRatioRouter router = new ReplicaRatioRouter(sandbox.client(), "empty", "web", REPLICAS);

        assertThatThrownBy(router::verify).isInstanceOf(TrafficRouterException.class)
                .hasMessageContaining("Deployment empty/web not found");
        assertThatThrownBy(() -> router.setWeight(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("canaryPercent: must be 0..100, was 101");
        assertThatThrownBy(() -> new ReplicaRatioRouter(sandbox.client(), "empty", "web", 0))
                .hasMessageContaining("totalReplicas");
        assertThat(sandbox.client().apps().deployments().inNamespace("empty").list().getItems()).isEmpty();
    }
}
