package io.jenkins.plugins.progressive.engine.analysis.judge;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the CPU one judged measurement costs beyond its two Prometheus range queries — outlier filter on both sides
 * plus the rank test with its shift interval — by points per side: 21 (the default 5 m lookback at 15 s), 121
 * (30 m), 500 and the 2 000 cap (pooled per-pod series). The interval looks at every pair, so the cost grows with
 * n·m; this says where that starts to matter.
 *
 * <p>Run (not part of surefire): {@code mvn -q -B -o -P offline -pl engine test-compile exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test "-Dexec.args=-cp %classpath org.openjdk.jmh.Main
 * JudgeBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JudgeBenchmark {

    @Param({"21", "121", "500", "2000"})
    public int points;

    private double[] version;
    private double[] baseline;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        version = new double[points];
        baseline = new double[points];
        for (int i = 0; i < points; i++) {
            version[i] = 0.105 + random.nextGaussian() * 0.01;
            baseline[i] = 0.1 + random.nextGaussian() * 0.01;
        }
    }

    @Benchmark
    public RankComparison judge() {
        return MannWhitney.compare(Outliers.withinIqr(version, 3.0), Outliers.withinIqr(baseline, 3.0), 0.98);
    }
}
