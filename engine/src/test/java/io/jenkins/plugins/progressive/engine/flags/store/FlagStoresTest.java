package io.jenkins.plugins.progressive.engine.flags.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both stores against the sandbox API server: read, create on first write, compare-and-set, keeping foreign keys. */
class FlagStoresTest {

    private static final String SET = """
            {"flags": {"checkout": {"state": "ENABLED", "variants": {"on": true, "off": false},
                                    "defaultVariant": "off"}}}
            """;

    private static Sandbox sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).prometheus(Sandbox.PrometheusChoice.NONE).start();
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aMissingObjectReadsEmptyAndTheFirstWriteCreatesIt(StoreKind kind) {
        FlagStore store = kind.store(client, "stores", "created-" + kind.ordinal());
        StoredFlagSet read = store.read();
        assertThat(read.presence()).isEqualTo(StoredFlagSet.Presence.NO_OBJECT);
        assertThat(read.flagSet().flags()).isEmpty();

        String version = store.write(read, FlagSet.parse(SET), "[]");

        assertThat(version).isEqualTo(kind.resourceVersion(client, "stores", "created-" + kind.ordinal()));
        assertThat(FlagSet.parse(kind.storedJson(client, "stores", "created-" + kind.ordinal())).flags())
                .containsOnlyKeys("checkout");
        assertThat(kind.annotations(client, "stores", "created-" + kind.ordinal()))
                .containsEntry(FlagStore.AUDIT_ANNOTATION, "[]");
        assertThat(store.read().presence()).isEqualTo(StoredFlagSet.Presence.PRESENT);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aWriteBasedOnAStaleReadIsAConflictAndWritesNothing(StoreKind kind) {
        String name = "stale-" + kind.ordinal();
        kind.seed(client, "stores", name, SET);
        FlagStore store = kind.store(client, "stores", name);
        StoredFlagSet first = store.read();
        StoredFlagSet second = store.read();
        FlagSet disabled = first.flagSet().withFlag(
                first.flagSet().flag("checkout").orElseThrow().withState(FlagState.DISABLED));
        store.write(first, disabled, "[]");

        FlagSet other = second.flagSet().withFlag(FlagDefinition.of("banner", Map.of("a", "A"), "a"));
        assertThatThrownBy(() -> store.write(second, other, "[]")).isInstanceOf(FlagStoreConflictException.class)
                .hasMessageContaining(store.describe());
        FlagSet stored = FlagSet.parse(kind.storedJson(client, "stores", name));
        assertThat(stored.flags()).containsOnlyKeys("checkout");
        assertThat(stored.flag("checkout").orElseThrow().state()).isEqualTo(FlagState.DISABLED);
    }

    @Test
    void aConfigMapKeepsItsOtherKeysLabelsAndAnnotations() {
        client.configMaps().inNamespace("stores").resource(new ConfigMapBuilder().withNewMetadata().withName("shared")
                .addToLabels("app", "shop").addToAnnotations("team", "payments").endMetadata()
                .addToData("app.properties", "a=1").build()).create();
        FlagStore store = new ConfigMapFlagStore(client, "stores", "shared", "flags.json");
        StoredFlagSet read = store.read();
        assertThat(read.presence()).isEqualTo(StoredFlagSet.Presence.NO_KEY);

        store.write(read, FlagSet.parse(SET), "[]");

        var map = client.configMaps().inNamespace("stores").withName("shared").get();
        assertThat(map.getData()).containsEntry("app.properties", "a=1").containsKey("flags.json");
        assertThat(map.getMetadata().getLabels()).containsEntry("app", "shop");
        assertThat(map.getMetadata().getAnnotations()).containsEntry("team", "payments");
    }

    @Test
    void aFeatureFlagKeepsOtherSpecKeysAndRefusesWhatTheCrdWouldPrune() {
        StoreKind.FEATURE_FLAG.seed(client, "stores", "crd-rules", SET);
        FlagStore store = new FeatureFlagStore(client, "stores", "crd-rules");
        StoredFlagSet read = store.read();
        store.write(read, read.flagSet().withFlag(FlagDefinition.of("banner", Map.of("a", "A"), "a")), "[]");
        var spec = (Map<?, ?>) client.genericKubernetesResources(FeatureFlagStore.FEATURE_FLAG).inNamespace("stores")
                .withName("crd-rules").get().getAdditionalProperties().get("spec");
        assertThat(spec.get("other")).isEqualTo("keep me");
        assertThat(StoreKind.FEATURE_FLAG.storedJson(client, "stores", "crd-rules")).doesNotContain("$schema");

        StoredFlagSet again = store.read();
        String version = again.resourceVersion();
        FlagSet noDefault = again.flagSet().withFlag(FlagDefinition.of("layout", Map.of("a", "A"), null));
        assertThatThrownBy(() -> store.write(again, noDefault, "[]")).isInstanceOf(FlagStoreException.class)
                .hasMessageContaining("flag 'layout' has no defaultVariant, which the FeatureFlag CRD requires");
        assertThat(StoreKind.FEATURE_FLAG.resourceVersion(client, "stores", "crd-rules")).isEqualTo(version);
    }

    @Test
    void aConfigMapKeyThatIsNotAFlagSetIsReportedWithItsNamespaceNameAndKey() {
        client.configMaps().inNamespace("stores").resource(new ConfigMapBuilder().withNewMetadata().withName("corrupt")
                .endMetadata().addToData("flags.json", "{\"flags\": {\"x\": ").build()).create();
        FlagStore store = new ConfigMapFlagStore(client, "stores", "corrupt", "flags.json");
        assertThatThrownBy(store::read).isInstanceOf(FlagStoreException.class)
                .hasMessageStartingWith("ConfigMap stores/corrupt, key flags.json does not hold a valid flagd flag set")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void apiErrorsAreReportedWithTheStoreAndTheStatus() {
        StoreKind.CONFIG_MAP.seed(client, "stores", "forbidden", SET);
        FlagStore store = StoreKind.CONFIG_MAP.store(client, "stores", "forbidden");
        StoredFlagSet read = store.read();
        try {
            sandbox.apiServer().faults().inject(ApiFault.error("GET", ".*/configmaps/forbidden", 403, 1));
            assertThatThrownBy(store::read).isInstanceOf(FlagStoreException.class)
                    .isNotInstanceOf(FlagStoreConflictException.class)
                    .hasMessageStartingWith("reading ConfigMap stores/forbidden, key flags.flagd.json failed: "
                            + "the API server answered 403");
            sandbox.apiServer().faults().inject(ApiFault.error("PUT", ".*/configmaps/forbidden", 500, 1));
            assertThatThrownBy(() -> store.write(read, read.flagSet(), "[]")).isInstanceOf(FlagStoreException.class)
                    .isNotInstanceOf(FlagStoreConflictException.class)
                    .hasMessageStartingWith("updating ConfigMap stores/forbidden, key flags.flagd.json failed: "
                            + "the API server answered 500");
        } finally {
            sandbox.apiServer().faults().clear();
        }
        assertThat(store.read().resourceVersion()).isEqualTo(read.resourceVersion());
    }

    @Test
    void namesAreCheckedBeforeAnyCall() {
        assertThatThrownBy(() -> new ConfigMapFlagStore(client, "Shop", "flags", "k"))
                .hasMessageStartingWith("namespace: 'Shop' is not a valid namespace name");
        assertThatThrownBy(() -> new ConfigMapFlagStore(client, "shop", "flags", "a/b"))
                .hasMessageStartingWith("key: 'a/b' is not a valid ConfigMap key");
        assertThatThrownBy(() -> new FeatureFlagStore(client, "shop", "Flags"))
                .hasMessageStartingWith("featureFlag: 'Flags' is not a valid object name");
    }
}
