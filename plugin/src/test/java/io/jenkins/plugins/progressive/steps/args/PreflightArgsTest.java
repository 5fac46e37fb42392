package io.jenkins.plugins.progressive.steps.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.progressive.engine.analysis.PreflightPolicy;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code preflight: [allowUnmeasured: true, timeout: '10s']} as a Jenkinsfile writes it, on every rollout step. */
class PreflightArgsTest {
    private static final StepDefaults DEFAULTS = new StepDefaults("shop", "https://ci.example/job/web/7/", List.of());

    @Test
    void leftOutAPrometheusThatCannotBeAskedRefusesTheRelease() {
        assertThat(PreflightArgs.of(null)).isEqualTo(PreflightPolicy.DEFAULT);
        assertThat(PreflightPolicy.DEFAULT.allowUnmeasured()).isFalse();
        assertThat(PreflightPolicy.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsTheFlagAndTheTimeout() {
        assertThat(PreflightArgs.of(Map.of("allowUnmeasured", true, "timeout", "10s")))
                .isEqualTo(new PreflightPolicy(true, Duration.ofSeconds(10)));
        assertThat(PreflightArgs.of(Map.of("allowUnmeasured", "true")).allowUnmeasured()).isTrue();
        assertThat(PreflightArgs.of(Map.of())).isEqualTo(PreflightPolicy.DEFAULT);
    }

    @Test
    void badInputNamesTheParameter() {
        assertThatThrownBy(() -> PreflightArgs.of(Map.of("allowUnmeasured", "yes")))
                .isInstanceOf(StepArgumentException.class)
                .hasMessage("preflight.allowUnmeasured: expected true or false, was 'yes'");
        assertThatThrownBy(() -> PreflightArgs.of(Map.of("allowUnmeasurd", true)))
                .hasMessageStartingWith("preflight.allowUnmeasurd: unknown parameter");
        assertThatThrownBy(() -> PreflightArgs.of(Map.of("timeout", "5m")))
                .hasMessage("preflight.timeout: must be between 100ms and 60s, was '5m'");
        assertThatThrownBy(() -> PreflightArgs.of(Map.of("timeout", "10ms")))
                .hasMessage("preflight.timeout: must be between 100ms and 60s, was '10ms'");
        assertThatThrownBy(() -> PreflightArgs.of(true)).isInstanceOf(StepArgumentException.class)
                .hasMessageStartingWith("preflight: ");
    }

    @Test
    void everyRolloutStepTakesTheParameter() {
        Map<String, Object> preflight = Map.of("allowUnmeasured", true);
        PlannedRollout.of(PlannedRollout.Strategy.ROLLING, Map.of("deployment", "web", "images", Map.of("app", "web:2"),
                "preflight", preflight), DEFAULTS);
        PlannedRollout.of(PlannedRollout.Strategy.ROLLING, Map.of("statefulSet", "kv", "images", Map.of("app", "kv:2"),
                "preflight", preflight), DEFAULTS);
        PlannedRollout.of(PlannedRollout.Strategy.BLUE_GREEN, Map.of("app", "web", "images", Map.of("app", "web:2"),
                "preflight", preflight), DEFAULTS);
        PlannedRollout.of(PlannedRollout.Strategy.CANARY, Map.of("app", "web", "images", Map.of("app", "web:2"),
                "steps", List.of(50, 100), "preflight", preflight), DEFAULTS);
    }
}
