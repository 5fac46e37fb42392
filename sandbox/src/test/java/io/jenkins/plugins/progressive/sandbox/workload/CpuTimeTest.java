package io.jenkins.plugins.progressive.sandbox.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuTimeTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void growsWithWallTimeAtTheCurrentUsageFromTheMomentItChanges() {
        AtomicLong clock = new AtomicLong(42 * SECOND);
        CpuTime cpu = new CpuTime(0.3, clock::get);

        assertThat(cpu.seconds()).isZero();
        clock.addAndGet(2 * SECOND);
        assertThat(cpu.seconds()).isCloseTo(0.6, within(1e-9));

        clock.addAndGet(SECOND / 2);
        cpu.setCores(1.0);
        clock.addAndGet(SECOND);
        assertThat(cpu.seconds()).isCloseTo(0.6 + 0.15 + 1.0, within(1e-9));

        cpu.setCores(0.0);
        clock.addAndGet(10 * SECOND);
        assertThat(cpu.seconds()).isCloseTo(1.75, within(1e-9));
    }

    @Test
    void readingDoesNotChangeTheCount() {
        AtomicLong clock = new AtomicLong();
        CpuTime cpu = new CpuTime(0.5, clock::get);
        clock.addAndGet(SECOND);

        double first = cpu.seconds();

        assertThat(cpu.seconds()).isEqualTo(first).isCloseTo(0.5, within(1e-9));
    }
}
