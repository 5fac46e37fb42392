package io.jenkins.plugins.progressive.engine.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutliersTest {

    private static final JsonNode NUMPY = ReferenceVectors.load("outliers-numpy.json");

    @Test
    void quartilesAndKeptValuesAgreeWithNumpy() {
        for (JsonNode vector : NUMPY.get("cases")) {
            String name = vector.get("name").asText();
            double[] values = ReferenceVectors.doubles(vector.get("values"));
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertThat(Outliers.quantile(sorted, 0.25)).as("Q1 of %s", name)
                    .isCloseTo(vector.get("q1").asDouble(), within(1e-9));
            assertThat(Outliers.quantile(sorted, 0.75)).as("Q3 of %s", name)
                    .isCloseTo(vector.get("q3").asDouble(), within(1e-9));
            assertThat(Outliers.withinIqr(values, vector.get("factor").asDouble())).as("kept of %s", name)
                    .containsExactly(ReferenceVectors.doubles(vector.get("kept")));
        }
    }

    @Test
    void factorZeroKeepsEverythingInACopy() {
        double[] values = {1, 2, 3, 4, 1e9};
        double[] kept = Outliers.withinIqr(values, 0);
        assertThat(kept).containsExactly(values).isNotSameAs(values);
    }

    @Test
    void aFarOutlierIsDroppedAtKayentasFactorAndTheOrderIsKept() {
        double[] values = {10.2, 9.8, 10.0, 250.0, 10.1, 9.9, 10.3, 9.7};
        assertThat(Outliers.withinIqr(values, 3.0)).containsExactly(10.2, 9.8, 10.0, 10.1, 9.9, 10.3, 9.7);
        assertThat(values[3]).isEqualTo(250.0);
    }

    @Test
    void boundsAreInclusive() {
        // sorted -0.01, 0, 2, 3, 3, 3, 4, 6, 6: Q1 = 2, Q3 = 4 (order statistics 3 and 7), IQR = 2; factor 1 → [0, 6]
        assertThat(Outliers.withinIqr(new double[] {3, 6, -0.01, 2, 0, 3, 4, 6, 3}, 1.0))
                .containsExactly(3, 6, 2, 0, 3, 4, 6, 3);
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(Outliers.quantile(sorted, 0.25)).isEqualTo(1.75);
        assertThat(Outliers.quantile(sorted, 0.75)).isEqualTo(3.25);
        assertThat(Outliers.quantile(sorted, 1.0)).isEqualTo(4.0);
        assertThat(Outliers.quantile(new double[] {7}, 0.75)).isEqualTo(7.0);
    }

    @Test
    void emptyAndSingleSamples() {
        assertThat(Outliers.withinIqr(new double[0], 3.0)).isEmpty();
        assertThat(Outliers.withinIqr(new double[] {5}, 3.0)).containsExactly(5);
    }

    @Test
    void validation() {
        for (double factor : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Outliers.withinIqr(new double[] {1, 2}, factor))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlier factor");
        }
        assertThatThrownBy(() -> Outliers.withinIqr(new double[] {1, 2, Double.NaN}, 3.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("values[2] is NaN");
        assertThatThrownBy(() -> Outliers.withinIqr(null, 3.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("values are missing");
    }
}
