package io.jenkins.plugins.progressive.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** One rollout per workload: the lease is taken, refused, taken over, renewed and released as a rollout needs. */
class WorkloadLeaseTest {

    private static final String NS = "shop";
    private static final String BUILD_A = "https://ci/job/a/1/";
    private static final String BUILD_B = "https://ci/job/b/7/";
    private static final Duration TTL = Duration.ofSeconds(30);

    private static Sandbox sandbox;
    private static KubernetesClient client;
    private ScheduledExecutorService scheduler;
    private String workload;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.builder().workloads(false).start();
        client = sandbox.client();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void start(TestInfo test) {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        // A workload of its own per test, so the tests share one sandbox and stay independent.
        String method = test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT);
        workload = "web-" + method.substring(0, Math.min(20, method.length()));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void acquireCreatesTheLeaseAndReleaseDeletesIt() {
        WorkloadLease lease = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A, TTL, scheduler);

        Lease stored = stored(lease);
        assertThat(lease.name()).isEqualTo("progressive-deployment-" + workload);
        assertThat(lease.holder()).isEqualTo(BUILD_A);
        assertThat(stored.getSpec().getHolderIdentity()).isEqualTo(BUILD_A);
        assertThat(stored.getSpec().getLeaseDurationSeconds()).isEqualTo(30);
        assertThat(stored.getSpec().getAcquireTime()).isNotNull().isEqualTo(stored.getSpec().getRenewTime());
        assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "progressive-delivery");
        assertThat(stored.getMetadata().getAnnotations())
                .containsEntry("progressive-delivery.jenkins.io/workload", "Deployment/" + workload);

        assertThat(lease.release()).isTrue();
        assertThat(stored(lease)).isNull();
        assertThat(lease.release()).as("a second release does nothing").isFalse();
    }

    @Test
    void aSecondHolderIsRefusedWithTheHoldersName() {
        try (WorkloadLease first = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A, TTL, scheduler)) {
            assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_B, TTL, scheduler))
                    .isInstanceOfSatisfying(RolloutConflictException.class, e -> {
                        assertThat(e.getMessage()).startsWith("Deployment shop/" + workload
                                + " is already being rolled out by " + BUILD_A + " (lease held since ");
                        assertThat(e.holder()).isEqualTo(BUILD_A);
                        assertThat(e.leaseName()).isEqualTo(first.name());
                    });
            assertThat(stored(first).getSpec().getHolderIdentity()).isEqualTo(BUILD_A);
        }
    }

    @Test
    void theRefusalSaysSinceWhenAndHowFreshTheOtherLeaseIs() {
        Instant acquired = Instant.parse("2026-11-26T06:00:00Z");
        create(workload, "https://ci/job/x/12/", acquired, acquired.plusSeconds(25), 30);
        Clock clock = Clock.fixed(acquired.plusSeconds(30), ZoneOffset.UTC);

        assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_B, TTL, scheduler, clock))
                .isInstanceOf(RolloutConflictException.class)
                .hasMessage("Deployment shop/" + workload + " is already being rolled out by https://ci/job/x/12/"
                        + " (lease held since 2026-11-26T06:00:00Z, renewed 5 s ago; lease shop/progressive-deployment-"
                        + workload + " expires 30 s after its last renewal)");
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        Instant now = Instant.now();
        create(workload, "https://ci/job/crashed/3/", now.minusSeconds(600), now.minusSeconds(31), 30);

        try (WorkloadLease lease = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_B, TTL, scheduler)) {
            Lease stored = stored(lease);
            assertThat(stored.getSpec().getHolderIdentity()).isEqualTo(BUILD_B);
            assertThat(stored.getSpec().getLeaseTransitions()).isEqualTo(1);
            assertThat(stored.getSpec().getAcquireTime().toInstant()).isAfter(now.minusSeconds(5));
        }
    }

    @Test
    void theSameHolderReacquiresAfterARestart() {
        WorkloadLease before = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A, TTL, scheduler);
        ZonedDateTime acquired = stored(before).getSpec().getAcquireTime();
        scheduler.shutdownNow(); // the controller went away without releasing
        scheduler = Executors.newSingleThreadScheduledExecutor();

        try (WorkloadLease after = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A, TTL, scheduler)) {
            Lease stored = stored(after);
            assertThat(stored.getSpec().getHolderIdentity()).isEqualTo(BUILD_A);
            assertThat(stored.getSpec().getAcquireTime()).as("still the same term").isEqualTo(acquired);
            assertThat(stored.getSpec().getLeaseTransitions()).isZero();
        }
    }

    @Test
    void renewalKeepsRenewTimeMoving() {
        // 3 s: renewed every 500 ms, and a loaded machine's slow answers stay within the 2 s renew deadline.
        try (WorkloadLease lease = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A,
                Duration.ofSeconds(3), scheduler)) {
            ZonedDateTime first = stored(lease).getSpec().getRenewTime();
            await("a renewal", () -> stored(lease).getSpec().getRenewTime().isAfter(first));
            ZonedDateTime second = stored(lease).getSpec().getRenewTime();
            await("another renewal", () -> stored(lease).getSpec().getRenewTime().isAfter(second));
            assertThat(lease.isLost()).isFalse();
            assertThat(stored(lease).getSpec().getAcquireTime()).isEqualTo(first);
        }
    }

    @Test
    void aLeaseTakenOverIsLostAndItsReleaseDoesNotDeleteIt() {
        WorkloadLease lease = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A,
                Duration.ofSeconds(1), scheduler);
        // As if A had stalled past its TTL and B had taken over.
        client.leases().inNamespace(NS).withName(lease.name())
                .edit(l -> new LeaseBuilder(l).editSpec().withHolderIdentity(BUILD_B).endSpec().build());

        await("the renewal notices", lease::isLost);
        assertThat(lease.lostReason()).contains("taken over by " + BUILD_B);
        assertThat(lease.release()).isFalse();
        assertThat(stored(lease)).as("B's lease is left alone").isNotNull()
                .satisfies(l -> assertThat(l.getSpec().getHolderIdentity()).isEqualTo(BUILD_B));
    }

    @Test
    void aLeaseThatCannotBeRenewedWithinItsRenewDeadlineIsLost() {
        WorkloadLease lease = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A,
                Duration.ofSeconds(1), scheduler);
        sandbox.apiServer().faults().inject(new ApiFault("GET", Pattern.compile(".*/leases/" + lease.name()), 500,
                Duration.ZERO, -1));
        try {
            await("the lease is given up", lease::isLost);
            assertThat(lease.lostReason().orElseThrow()).matches("not renewed for \\d+ ms, beyond its renew deadline of 666 ms \\(TTL 1000 ms\\); last attempt: .*injected fault.*");
        } finally {
            sandbox.apiServer().faults().clear();
        }
    }

    @Test
    void aHolderPastItsRenewDeadlineStopsActingBeforeTheLeaseCanExpire() {
        MutableClock clock = new MutableClock(Instant.now());
        WorkloadLease lease = WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A, TTL, scheduler, clock);
        lease.checkHeld();
        clock.advance(Duration.ofSeconds(19));
        lease.checkHeld();
        // 20 s of a 30 s TTL: a rival may take over in 10 s, so from now on this holder writes nothing.
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(lease::checkHeld).isInstanceOf(LeaseLostException.class)
                .hasMessageStartingWith("lost the lease " + lease.name() + " of Deployment shop/" + workload
                        + ": not renewed for 20000 ms, beyond its renew deadline of 20000 ms (TTL 30000 ms): another "
                        + "rollout may take it over; write not sent");
        assertThat(lease.isLost()).as("for good").isTrue();
        clock.advance(Duration.ofSeconds(-20));
        assertThatThrownBy(lease::checkHeld).as("a stalled holder never comes back").isInstanceOf(LeaseLostException.class);
        assertThat(lease.release()).as("still its own in the cluster: released at once").isTrue();
    }

    @Test
    void writesThroughTheFenceStopOnceTheLeaseIsTakenOverAndNeverReachTheApiServer() {
        try (KubernetesClient engine = sandbox.apiServer().newClient("fenced-engine")) {
            LeaseFence fence = new LeaseFence(engine);
            fence.client().configMaps().inNamespace(NS).resource(configMap("before")).create();
            WorkloadLease lease = fence.acquire(NS, "Deployment", workload, BUILD_A, Duration.ofSeconds(1), scheduler);
            fence.client().configMaps().inNamespace(NS).resource(configMap("held")).create();
            client.leases().inNamespace(NS).withName(lease.name())
                    .edit(l -> new LeaseBuilder(l).editSpec().withHolderIdentity(BUILD_B).endSpec().build());
            await("the renewal notices", lease::isLost);
            int mark = sandbox.apiServer().writes().mark();

            assertThatThrownBy(() -> fence.client().configMaps().inNamespace(NS).resource(configMap("late")).create())
                    .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(LeaseLostException.class)
                            .hasMessageContaining("taken over by " + BUILD_B));
            assertThat(sandbox.apiServer().writes().since(mark, NS, "fenced-engine")).isEmpty();
            assertThat(fence.isLost()).isTrue();
            assertThat(fence.lostMessage("deployment shop/web")).startsWith("lost the lease of deployment shop/web "
                    + "(taken over by " + BUILD_B + "): stopped without undoing anything");
            assertThat(fence.client().configMaps().inNamespace(NS).withName(workload + "-held").get())
                    .as("reads still work").isNotNull();
        }
    }

    @Test
    void ofTwoRolloutsRacingForAnExpiredLeaseTheLoserIsRefused() {
        Instant now = Instant.now();
        create(workload, "https://ci/job/crashed/3/", now.minusSeconds(600), now.minusSeconds(60), 30);
        // B reads the expired lease; before its write lands, A takes the lease (the clock is read in between).
        AtomicBoolean raced = new AtomicBoolean();
        Clock racing = new Clock() {
            @Override
            public Instant instant() {
                if (raced.compareAndSet(false, true)) {
                    WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_A, TTL, scheduler);
                }
                return Instant.now();
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };

        assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "Deployment", workload, BUILD_B, TTL, scheduler, racing))
                .isInstanceOf(RolloutConflictException.class)
                .hasMessageContaining("is already being rolled out by " + BUILD_A);
        assertThat(client.leases().inNamespace(NS).withName(LeaseNames.of("Deployment", workload)).get()
                .getSpec().getHolderIdentity()).isEqualTo(BUILD_A);
    }

    @Test
    void longWorkloadNamesGiveDistinctValidLeaseNames() {
        String longName = "a-very-long-deployment-name-that-goes-on-and-on-and-on-for-quite-a-while";
        String one = LeaseNames.of("Deployment", longName + "-1");
        String two = LeaseNames.of("Deployment", longName + "-2");

        assertThat(one).hasSize(63).startsWith("progressive-deployment-a-very-long").matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        assertThat(two).hasSize(63).isNotEqualTo(one);
    }

    @Test
    void invalidInputIsRejectedNamingTheParameter() {
        assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "Deployment", "Web_1", BUILD_A, TTL, scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("workloadName must be");
        assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "deployment", "web", BUILD_A, TTL, scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("workloadKind must be");
        assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "Deployment", "web", " ", TTL, scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("holder must");
        assertThatThrownBy(() -> WorkloadLease.acquire(client, NS, "Deployment", "web", BUILD_A, Duration.ofMillis(500),
                scheduler)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ttl must");
    }

    private io.fabric8.kubernetes.api.model.ConfigMap configMap(String suffix) {
        return new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName(workload + "-" + suffix)
                .withNamespace(NS).endMetadata().addToData("k", "v").build();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private void create(String name, String holder, Instant acquired, Instant renewed, int seconds) {
        client.leases().inNamespace(NS).resource(new LeaseBuilder()
                .withNewMetadata().withName(LeaseNames.of("Deployment", name)).withNamespace(NS).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(seconds)
                    .withAcquireTime(acquired.atZone(ZoneOffset.UTC)).withRenewTime(renewed.atZone(ZoneOffset.UTC))
                .endSpec().build()).create();
    }

    private static Lease stored(WorkloadLease lease) {
        return client.leases().inNamespace(NS).withName(lease.name()).get();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within 5 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
