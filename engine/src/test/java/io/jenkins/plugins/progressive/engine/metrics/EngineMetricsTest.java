package io.jenkins.plugins.progressive.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
    @Test
    void theExpositionIsPrometheusTextWithTheCountsRecorded() {
        EngineMetrics metrics = new EngineMetrics();
        metrics.rolloutFinished("canary", "promoted", Duration.ofSeconds(42));
        metrics.rolloutFinished("canary", "promoted", Duration.ofSeconds(8));
        metrics.rolledBack("rolling", "gate");

        String text = metrics.exposition();

        assertThat(text).contains("# TYPE rollouts_total counter")
                .contains("rollouts_total{result=\"promoted\",strategy=\"canary\"} 2.0")
                .contains("rollbacks_total{reason=\"gate\",strategy=\"rolling\"} 1.0")
                .contains("rollout_duration_seconds_count{strategy=\"canary\"} 2")
                .contains("rollout_duration_seconds_sum{strategy=\"canary\"} 50.0");
    }
}
