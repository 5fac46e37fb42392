package io.jenkins.plugins.progressive.steps.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.toggle.FlagChangeResult;
import io.jenkins.plugins.progressive.engine.flags.toggle.FlagToggle;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flagToggle step's arguments as a Jenkinsfile writes them, applied to the sandbox's stores. */
class FlagToggleArgsTest {
    private static final StepDefaults DEFAULTS = new StepDefaults("flags", "https://ci.example/job/web/9/", List.of());
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aPercentageRolloutLandsInTheConfigMapKeyWithThePreviewAndTheAudit() {
        FlagToggleArgs args = FlagToggleArgs.parse(Map.of("cluster", "sandbox", "configMap", "shop-flags",
                "flag", "new-checkout", "create", true, "percentage", 25, "testUsers", List.of("qa-1")), DEFAULTS,
                "build web #9");
        FlagStore store = args.store().apply(sandbox.client());
        FlagChangeResult result = FlagToggle.apply(store, args.request(), "alice via https://ci.example/job/web/9/",
                args.reason());

        assertThat(result.written()).isTrue();
        assertThat(result.created()).isTrue();
        String stored = sandbox.client().configMaps().inNamespace("flags").withName("shop-flags").get().getData()
                .get(FlagToggleArgs.DEFAULT_KEY);
        assertThat(FlagSet.parse(stored).flag("new-checkout")).isPresent();
        assertThat(stored).contains("fractional");
        assertThat(result.toMap()).containsKeys("written", "diff", "previews");
        assertThat(result.audit().reason()).isEqualTo("build web #9");
    }

    @Test
    void theFeatureFlagStoreAndAStaleReport() {
        FlagToggleArgs create = FlagToggleArgs.parse(Map.of("featureFlag", "shop", "flag", "dark-mode", "create", true,
                "reason", "WEB-812"), DEFAULTS, "default reason");
        FlagToggle.apply(create.store().apply(sandbox.client()), create.request(), "bob", create.reason());
        FlagToggleArgs stale = FlagToggleArgs.parse(Map.of("featureFlag", "shop", "staleReport", Map.of("fullyOnDays", 7)),
                DEFAULTS, "default reason");

        assertThat(stale.request()).isNull();
        assertThat(FlagToggle.staleReport(stale.store().apply(sandbox.client()), stale.stalePolicy()).toMap())
                .containsKeys("flags", "lines");
    }

    @Test
    void theStoreMustBeNamedOnceAndAReportChangesNothing() {
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("flag", "x", "enabled", true), DEFAULTS, "r"))
                .hasMessageStartingWith("configMap: name the flag set's store");
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("configMap", "a", "featureFlag", "b", "flag", "x",
                "enabled", true), DEFAULTS, "r")).hasMessageStartingWith("configMap: name the flag set's store");
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("featureFlag", "b", "key", "k", "flag", "x", "enabled", true),
                DEFAULTS, "r")).hasMessage("key: only a ConfigMap store has a key");
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("featureFlag", "b", "staleReport", Map.of(), "flag", "x",
                "enabled", true), DEFAULTS, "r")).hasMessageStartingWith("staleReport: a stale report changes nothing");
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("featureFlag", "b", "flag", "x", "percentage", 130),
                DEFAULTS, "r")).hasMessage("percentage: must be 0..100, was 130");
    }

    @Test
    void analyticsReadsOnlyAndNeedsAWholeSecondWindow() {
        FlagToggleArgs args = FlagToggleArgs.parse(Map.of("featureFlag", "shop", "flag", "dark-mode",
                "analytics", Map.of("window", "30m")), DEFAULTS, "r");
        assertThat(args.analytics()).isEqualTo(new FlagToggleArgs.Analytics("dark-mode", java.time.Duration.ofMinutes(30), "flags"));
        assertThat(args.request()).isNull();
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("featureFlag", "shop", "flag", "x", "enabled", true,
                "analytics", Map.of()), DEFAULTS, "r")).hasMessageStartingWith("analytics: analytics reads and changes nothing");
        assertThatThrownBy(() -> FlagToggleArgs.parse(Map.of("featureFlag", "shop", "flag", "x",
                "analytics", Map.of("window", "1500ms")), DEFAULTS, "r")).hasMessageStartingWith("analytics.window: must be whole seconds");
    }
}
