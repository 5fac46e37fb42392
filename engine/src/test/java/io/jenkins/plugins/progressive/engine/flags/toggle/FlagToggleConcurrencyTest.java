package io.jenkins.plugins.progressive.engine.flags.toggle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import io.jenkins.plugins.progressive.engine.flags.ops.CreateFlag;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.SetLifecycle;
import io.jenkins.plugins.progressive.engine.flags.ops.SetState;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStoreException;
import io.jenkins.plugins.progressive.engine.flags.store.StoreKind;
import io.jenkins.plugins.progressive.engine.flags.store.StoredFlagSet;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writers racing on one flag set: conflicts are retried on a fresh read, and no writer loses another's change. */
class FlagToggleConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int CHANGES_EACH = 15;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).prometheus(Sandbox.PrometheusChoice.NONE).start();
        client = sandbox.client();
    }

    @AfterEach
    void clearFaults() {
        sandbox.apiServer().faults().clear();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void concurrentWritersOfDifferentFlagsLoseNothing(StoreKind kind) throws Exception {
        StoredSet set = StoredSet.seeded(kind, client, "race-" + NAMES.incrementAndGet());
        List<CreateFlag> creates = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            creates.add(CreateFlag.bool("flag-" + w, false));
        }
        FlagToggle.apply(set.store(), new FlagChangeRequest(List.copyOf(creates), List.of(), false), "setup", null);

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger mostAttempts = new AtomicInteger();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String flag = "flag-" + w;
                writers.add(pool.submit(() -> {
                    for (int i = 1; i <= CHANGES_EACH; i++) {
                        FlagChangeRequest request = FlagChangeRequest.of(i % 2 == 1 ? SetState.disable(flag)
                                : SetState.enable(flag), new SetLifecycle(flag, null, null, null, Map.of("count", i)));
                        int took = FlagToggle.apply(set.store(), request, "writer " + flag, "race").attempts();
                        attempts.addAndGet(took);
                        mostAttempts.accumulateAndGet(took, Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        FlagSet stored = FlagSet.parse(set.json());
        for (int w = 0; w < WRITERS; w++) {
            var flag = stored.flag("flag-" + w).orElseThrow();
            assertThat(flag.metadata()).as(flag.key()).containsEntry("count", (long) CHANGES_EACH);
            assertThat(flag.state()).as(flag.key()).isEqualTo(CHANGES_EACH % 2 == 1 ? FlagState.DISABLED
                    : FlagState.ENABLED);
        }
        assertThat(stored.flags()).containsKeys("checkout", "banner");
        int writes = WRITERS * CHANGES_EACH;
        System.out.printf("%s: %d writers x %d changes = %d writes took %d attempts (%d conflicts retried, at most %d"
                + " attempts for one write)%n", kind, WRITERS, CHANGES_EACH, writes, attempts.get(),
                attempts.get() - writes, mostAttempts.get());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aConflictIsRetriedByReapplyingTheOperationsToWhatIsThereNow(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, "reapply-" + NAMES.incrementAndGet());
        FlagStore real = set.store();
        AtomicBoolean interfered = new AtomicBoolean();
        FlagStore racing = new FlagStore() {
            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public StoredFlagSet read() {
                return real.read();
            }

            @Override
            public String write(StoredFlagSet read, FlagSet flags, String auditJson) {
                if (interfered.compareAndSet(false, true)) {
                    FlagToggle.apply(real, FlagChangeRequest.of(SetState.disable("banner")), "someone else", null);
                }
                return real.write(read, flags, auditJson);
            }
        };

        FlagChangeResult result = FlagToggle.apply(racing, FlagChangeRequest.of(SetState.disable("checkout")), "me",
                null);

        assertThat(result.attempts()).isEqualTo(2);
        FlagSet stored = FlagSet.parse(set.json());
        assertThat(stored.flag("checkout").orElseThrow().state()).isEqualTo(FlagState.DISABLED);
        assertThat(stored.flag("banner").orElseThrow().state()).isEqualTo(FlagState.DISABLED);
        assertThat(io.jenkins.plugins.progressive.engine.flags.audit.AuditTrail.parse(set.audit()).entries())
                .extracting(entry -> entry.actor()).containsExactly("someone else", "me");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void a409FromTheApiServerIsRetriedAndAPersistentOneGivesUpWritingNothing(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, "conflict-" + NAMES.incrementAndGet());
        String version = set.resourceVersion();
        sandbox.apiServer().faults().inject(ApiFault.error("PUT", ".*/" + set.name, 409, 2));
        FlagChangeResult result = FlagToggle.apply(set.store(), FlagChangeRequest.of(SetState.disable("checkout")),
                "me", null);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(set.flag("checkout").path("state").asText()).isEqualTo("DISABLED");

        String after = set.resourceVersion();
        assertThat(after).isNotEqualTo(version);
        sandbox.apiServer().faults().inject(ApiFault.error("PUT", ".*/" + set.name, 409, -1));
        assertThatThrownBy(() -> new FlagToggle(Clock.systemUTC(), 3).change(set.store(),
                FlagChangeRequest.of(SetState.enable("checkout")), "me", null))
                .isInstanceOf(FlagStoreException.class)
                .hasMessage(set.store().describe() + " was changed by others during each of 3 attempts (409 Conflict);"
                        + " nothing was written, try again");
        sandbox.apiServer().faults().clear();
        assertThat(set.resourceVersion()).isEqualTo(after);
        assertThat(set.flag("checkout").path("state").asText()).isEqualTo("DISABLED");
    }
}
