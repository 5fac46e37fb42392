package io.jenkins.plugins.progressive.engine.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Selection without materialising gives exactly the doubles a full sort of all n·m differences gives. */
class PairwiseDifferencesTest {

    @Test
    void everyOrderStatisticMatchesTheSortedDifferences() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            double[] x = sample(random, 1 + random.nextInt(40), trial);
            double[] y = sample(random, 1 + random.nextInt(40), trial);
            double[] sorted = bruteForce(x, y);
            PairwiseDifferences differences = new PairwiseDifferences(x, y);

            assertThat(differences.size()).isEqualTo(sorted.length);
            for (int k = 1; k <= sorted.length; k++) {
                assertThat(differences.select(k)).as("trial %d, k %d", trial, k).isEqualTo(sorted[k - 1] + 0.0);
            }
        }
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        PairwiseDifferences differences = new PairwiseDifferences(new double[] {1, 2}, new double[] {0, 10});
        // differences: -9, -8, 1, 2
        assertThat(differences.median()).isEqualTo(-3.5);
        assertThatThrownBy(() -> differences.select(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> differences.select(5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Mixed signs, zeros, ties (rounded values) and wide magnitudes: where a bit-order bisection could slip. */
    private static double[] sample(Random random, int size, int trial) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double value = switch (trial % 4) {
                case 0 -> random.nextGaussian();
                case 1 -> Math.rint(random.nextGaussian() * 3); // many ties, many zeros
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
                default -> 0.1 * random.nextInt(5) - 0.2; // differences that are not exact in binary
            };
            values[i] = value;
        }
        Arrays.sort(values);
        return values;
    }

    private static double[] bruteForce(double[] x, double[] y) {
        double[] all = new double[x.length * y.length];
        int next = 0;
        for (double xi : x) {
            for (double yj : y) {
                all[next++] = xi - yj;
            }
        }
        Arrays.sort(all);
        return all;
    }
}
