package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VersionProfileTest {

    @Test
    void healthyByDefaultMeansNoErrorsAndLowLatency() {
        VersionProfile healthy = VersionProfile.healthy();

        assertThat(healthy.errorRate()).isZero();
        assertThat(healthy.medianLatency()).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(healthy.p99Latency()).isLessThanOrEqualTo(Duration.ofMillis(25));
        assertThat(healthy.cpuCores()).isEqualTo(0.1);
        assertThat(healthy.memoryBytes()).isEqualTo(128L * 1024 * 1024);
    }

    @Test
    void withCpuAndWithMemoryChangeOnlyThatValue() {
        VersionProfile slow = VersionProfile.healthy().withErrorRate(0.1)
                .withLatency(Duration.ofMillis(40), Duration.ofMillis(90));

        VersionProfile heavy = slow.withCpu(1.5).withMemory(2_000_000_000L);

        assertThat(heavy).isEqualTo(new VersionProfile(0.1, Duration.ofMillis(40), Duration.ofMillis(90),
                1.5, 2_000_000_000L));
        assertThat(heavy.withCpu(0).withMemory(0)).isEqualTo(slow.withCpu(0).withMemory(0));
    }

    @Test
    void sampledLatencyHasTheConfiguredMedianAndP99() {
        VersionProfile profile = VersionProfile.healthy().withLatency(Duration.ofMillis(20), Duration.ofMillis(100));
        Random random = new Random(7);

        double[] millis = IntStream.range(0, 20_000)
                .mapToDouble(i -> profile.sampleLatency(random).toNanos() / 1e6).sorted().toArray();

        assertThat(millis[10_000]).isCloseTo(20.0, within(1.5));
        assertThat(millis[19_800]).isCloseTo(100.0, within(10.0));
        assertThat(Arrays.stream(millis).max().orElseThrow()).isLessThanOrEqualTo(300.0);
    }

    @Test
    void sampledFailuresFollowTheErrorRate() {
        VersionProfile profile = VersionProfile.healthy().withErrorRate(0.2);
        Random random = new Random(11);

        long failures = IntStream.range(0, 10_000).filter(i -> profile.sampleFailure(random)).count();

        assertThat(failures / 10_000.0).isCloseTo(0.2, within(0.015));
        assertThat(IntStream.range(0, 1000).noneMatch(i -> VersionProfile.healthy().sampleFailure(random))).isTrue();
    }

    @Test
    void zeroLatencyAnswersAtOnce() {
        VersionProfile instant = VersionProfile.healthy().withLatency(Duration.ZERO, Duration.ZERO);

        assertThat(instant.sampleLatency(new Random(1))).isZero();
    }

    @Test
    void rejectsInvalidValuesNamingTheParameter() {
        assertThatThrownBy(() -> VersionProfile.healthy().withErrorRate(1.5))
                .hasMessageContaining("errorRate").hasMessageContaining("1.5");
        assertThatThrownBy(() -> VersionProfile.healthy().withErrorRate(Double.NaN))
                .hasMessageContaining("errorRate");
        assertThatThrownBy(() -> VersionProfile.healthy().withLatency(Duration.ofMillis(50), Duration.ofMillis(10)))
                .hasMessageContaining("p99Latency");
        assertThatThrownBy(() -> VersionProfile.healthy().withLatency(Duration.ofMillis(-1), Duration.ofMillis(10)))
                .hasMessageContaining("medianLatency");
        assertThatThrownBy(() -> VersionProfile.healthy().withLatency(Duration.ofMillis(1), Duration.ofMinutes(5)))
                .hasMessageContaining("p99Latency");
        assertThatThrownBy(() -> VersionProfile.healthy().withLatency(Duration.ZERO, Duration.ofMillis(5)))
                .hasMessageContaining("medianLatency");
        assertThatThrownBy(() -> VersionProfile.healthy().withCpu(-0.5))
                .hasMessageContaining("cpuCores").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> VersionProfile.healthy().withCpu(Double.NaN)).hasMessageContaining("cpuCores");
        assertThatThrownBy(() -> VersionProfile.healthy().withCpu(Double.POSITIVE_INFINITY))
                .hasMessageContaining("cpuCores");
        assertThatThrownBy(() -> VersionProfile.healthy().withMemory(-1))
                .hasMessageContaining("memoryBytes").hasMessageContaining("-1");
    }
}
