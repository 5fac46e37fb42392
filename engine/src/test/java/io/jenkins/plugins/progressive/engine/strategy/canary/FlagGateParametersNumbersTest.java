package io.jenkins.plugins.progressive.engine.strategy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A flag gate's percentages are shares of users: NaN, infinities and numbers outside 0..100 are refused by path. */
class FlagGateParametersNumbersTest {

    private static CanaryStep.FlagGate gate(Object maxPercent) {
        return FlagGateParameters.parse("steps[3].flagGate", Map.of("featureFlag", "shop-flags", "flag", "checkout",
                "variant", "on", "maxPercent", maxPercent), "shop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-1", "100.5", "1e400"})
    void percentagesOutsideTheirRangeAreRefused(String text) {
        assertThatThrownBy(() -> gate(Double.parseDouble(text)))
                .hasMessageStartingWith("steps[3].flagGate.maxPercent: ").hasMessageEndingWith("is outside 0..100");
        assertThatThrownBy(() -> gate(text))
                .hasMessageStartingWith("steps[3].flagGate.maxPercent: ").hasMessageEndingWith("is outside 0..100");
    }

    @Test
    void aPercentageWithinRangePasses() {
        assertThat(gate("25%").condition().maxPercent()).isEqualTo(25.0);
    }
}
