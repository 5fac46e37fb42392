package io.jenkins.plugins.progressive.engine.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardNormalTest {

    private static final JsonNode SCIPY = ReferenceVectors.load("standard-normal-scipy.json");

    @Test
    void cdfAgreesWithScipyIncludingTheFarTail() {
        for (JsonNode point : SCIPY.get("cdf")) {
            double x = point.get("x").asDouble();
            double expected = point.get("p").asDouble();
            if (expected < 1e-300) {
                // beyond Cody's cutoff (x < -37.5193) Φ is below the smallest normal double and reported as 0
                assertThat(StandardNormal.cdf(x)).as("Φ(%s)", x).isLessThan(1e-300);
            } else {
                assertThat(StandardNormal.cdf(x)).as("Φ(%s)", x).isCloseTo(expected, withinPercentage(1e-10));
            }
        }
    }

    @Test
    void quantileAgreesWithScipy() {
        for (JsonNode point : SCIPY.get("quantile")) {
            double p = point.get("p").asDouble();
            assertThat(StandardNormal.quantile(p)).as("Φ⁻¹(%s)", p)
                    .isCloseTo(point.get("x").asDouble(), withinPercentage(1e-10));
        }
    }

    @Test
    void knownValues() {
        assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
        assertThat(StandardNormal.cdf(1.959963985)).isCloseTo(0.975, within(1e-9));
        assertThat(StandardNormal.cdf(-1)).isCloseTo(0.15865525393145705, within(1e-15));
        assertThat(StandardNormal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-13));
        assertThat(StandardNormal.quantile(0.5)).isEqualTo(0.0);
        assertThat(StandardNormal.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(StandardNormal.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(StandardNormal.quantile(-0.1)).isNaN();
        assertThat(StandardNormal.quantile(Double.NaN)).isNaN();
        assertThat(StandardNormal.cdf(Double.NaN)).isNaN();
        assertThat(StandardNormal.cdf(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(StandardNormal.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void quantileInvertsCdf() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            double p = random.nextDouble();
            if (p == 0) {
                continue;
            }
            double x = StandardNormal.quantile(p);
            assertThat(StandardNormal.cdf(x)).as("Φ(Φ⁻¹(%s))", p).isCloseTo(p, within(1e-15 + 1e-13 * p));
        }
        for (double p = 1e-300; p < 0.5; p *= 7.3) {
            assertThat(StandardNormal.cdf(StandardNormal.quantile(p))).as("Φ(Φ⁻¹(%s))", p)
                    .isCloseTo(p, withinPercentage(1e-10));
        }
    }
}
