package io.jenkins.plugins.progressive.engine.flags.toggle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.ops.Condition;
import io.jenkins.plugins.progressive.engine.flags.ops.CreateFlag;
import io.jenkins.plugins.progressive.engine.flags.ops.Experiment;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagOperationException;
import io.jenkins.plugins.progressive.engine.flags.ops.PercentageRollout;
import io.jenkins.plugins.progressive.engine.flags.ops.SetDefaultVariant;
import io.jenkins.plugins.progressive.engine.flags.ops.SetState;
import io.jenkins.plugins.progressive.engine.flags.ops.SetTargeting;
import io.jenkins.plugins.progressive.engine.flags.ops.SetVariants;
import io.jenkins.plugins.progressive.engine.flags.ops.TargetingRule;
import io.jenkins.plugins.progressive.engine.flags.store.ConfigMapFlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStoreException;
import io.jenkins.plugins.progressive.engine.flags.store.StoreKind;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input and corrupt stores: a clear error, nothing written, the existing flags intact. */
class FlagToggleRejectsTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Sandbox sandbox;
    private static KubernetesClient client;
    private final FlagToggle toggle = new FlagToggle(Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"),
            ZoneOffset.UTC), 5);

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).prometheus(Sandbox.PrometheusChoice.NONE).start();
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Arguments> badRequests() {
        List<Object[]> cases = List.of(
                new Object[] {FlagChangeRequest.of(SetState.enable("nope")), "unknown flag 'nope'"},
                new Object[] {FlagChangeRequest.of(new SetDefaultVariant("banner", "green")),
                        "defaultVariant: 'green' is not a variant of flag 'banner' (blue, red)"},
                new Object[] {FlagChangeRequest.of(new SetVariants("banner", Map.of("blue", "#00f"), null)),
                        "flag 'banner', targeting: can return 'red', which is not one of its variants (blue)"},
                new Object[] {FlagChangeRequest.of(Experiment.of("checkout", "e1", Map.of("on", 1, "maybe", 1),
                        null)), "weights: 'maybe' is not a variant of flag 'checkout' (on, off)"},
                new Object[] {FlagChangeRequest.of(new SetTargeting("checkout",
                        List.of(TargetingRule.of("on", new Condition.InSegment("beta"))))),
                        "rules[0].segment: 'beta' is not defined in $evaluators (defined: staff)"},
                new Object[] {FlagChangeRequest.of(CreateFlag.bool("fresh", true), SetState.disable("checkout"),
                        PercentageRollout.of("checkout", "dark", 10)),
                        "operation 3 of 3 (percentage rollout of 'checkout': 'dark' 10%): variant: 'dark' is not a "
                                + "variant of flag 'checkout' (on, off)"});
        return Stream.of(StoreKind.values()).flatMap(kind -> cases.stream()
                .map(c -> Arguments.of(kind, c[0], c[1])));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badRequests")
    void aBadRequestWritesNothing(StoreKind kind, FlagChangeRequest request, String message) {
        StoredSet set = StoredSet.seeded(kind, client, "bad-" + NAMES.incrementAndGet());
        String json = set.json();
        String version = set.resourceVersion();

        assertThatThrownBy(() -> toggle.change(set.store(), request, "alice", "test"))
                .isInstanceOf(FlagOperationException.class).hasMessageContaining(message);
        assertThat(set.json()).isEqualTo(json);
        assertThat(set.resourceVersion()).isEqualTo(version);
    }

    @Test
    void aConfigMapKeyThatIsNotJsonIsReportedAndNotOverwritten() {
        assertCorruptReported("not-json", "{\"flags\": {\"checkout\": ", "not valid JSON");
    }

    @Test
    void aConfigMapKeyThatIsJsonButNoFlagSetIsReportedAndNotOverwritten() {
        assertCorruptReported("not-flagd", "{\"flags\": {\"checkout\": {\"state\": \"ENABLED\", "
                + "\"variants\": {\"on\": true, \"blue\": \"#00f\"}, \"defaultVariant\": \"on\"}}}", "mix types");
    }

    @Test
    void anActorIsRequired() {
        StoredSet set = StoredSet.seeded(StoreKind.CONFIG_MAP, client, "bad-" + NAMES.incrementAndGet());
        assertThatThrownBy(() -> toggle.change(set.store(), FlagChangeRequest.of(SetState.enable("checkout")), " ",
                null)).hasMessage("actor must name who changes the flags (a user id or the build URL)");
    }

    @Test
    void refusesToBlockAnHttpClientThread() throws Exception {
        StoredSet set = StoredSet.seeded(StoreKind.CONFIG_MAP, client, "bad-" + NAMES.incrementAndGet());
        Throwable[] thrown = new Throwable[1];
        Thread eventLoop = new Thread(() -> {
            try {
                toggle.change(set.store(), FlagChangeRequest.of(SetState.disable("checkout")), "alice", null);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "vert.x-eventloop-thread-3");
        eventLoop.start();
        eventLoop.join();
        assertThat(thrown[0]).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not run on the HTTP client's thread 'vert.x-eventloop-thread-3'");
        assertThat(set.flag("checkout").path("state").asText()).isEqualTo("ENABLED");
    }

    private void assertCorruptReported(String name, String text, String detail) {
        client.configMaps().inNamespace(StoredSet.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(name).endMetadata().addToData("flags.json", text).build()).create();
        var store = new ConfigMapFlagStore(client, StoredSet.NAMESPACE, name, "flags.json");
        String version = client.configMaps().inNamespace(StoredSet.NAMESPACE).withName(name).get().getMetadata()
                .getResourceVersion();

        assertThatThrownBy(() -> toggle.change(store, FlagChangeRequest.of(CreateFlag.bool("x", true)), "alice", null))
                .isInstanceOf(FlagStoreException.class)
                .hasMessageStartingWith("ConfigMap flags/" + name + ", key flags.json does not hold a valid flagd "
                        + "flag set, so it was not changed").hasMessageContaining(detail);
        var after = client.configMaps().inNamespace(StoredSet.NAMESPACE).withName(name).get();
        assertThat(after.getData()).containsExactly(Map.entry("flags.json", text));
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(version);
    }
}
