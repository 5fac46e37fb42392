package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "< 0.01      | 0.009 | true",
            "< 0.01      | 0.01  | false",
            "<= 1%       | 0.01  | true",
            "> 99.9%     | 0.998 | false",
            ">= 5        | 5     | true",
            "< 200ms     | 0.199 | true",
            "< 200ms     | 0.2   | false",
            "<= 1.5s     | 1.5   | true",
            "< 512Mi     | 536870911 | true",
            "between 10ms and 20ms | 0.015 | true",
            "between 10ms and 20ms | 0.021 | false",
            "BETWEEN 1 AND 2 | 1 | true"})
    void absoluteConditionsWithUnits(String text, double value, boolean holds) {
        Condition condition = Condition.parse(text);
        boolean result = condition instanceof Condition.Threshold t ? t.holds(value) : ((Condition.Between) condition).holds(value);
        assertThat(result).as("%s with %s", text, value).isEqualTo(holds);
        assertThat(condition.isComparative()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<= baseline + 0.5%     | 0.014 | 0.01  | true",
            "<= baseline + 0.5%     | 0.016 | 0.01  | false",
            "<= 1.2 * baseline      | 0.24  | 0.2   | true",
            "<= 1.2 * baseline      | 0.25  | 0.2   | false",
            "<= 1.2 × stable        | 0.24  | 0.2   | true",
            "<= 1.2 x baseline      | 0.24  | 0.2   | true",
            "< baseline * 1.1 + 5ms | 0.114 | 0.1   | true",
            "< baseline * 1.1 + 5ms | 0.116 | 0.1   | false",
            ">= baseline - 1%       | 0.985 | 0.99  | true",
            "<= baseline            | 0.1   | 0.1   | true"})
    void comparativeConditions(String text, double value, double baseline, boolean holds) {
        Condition.Relative relative = (Condition.Relative) Condition.parse(text);
        assertThat(relative.holds(value, baseline)).as("%s with %s vs %s", text, value, baseline).isEqualTo(holds);
        assertThat(relative.isComparative()).isTrue();
    }

    @Test
    void relativeThresholdIsFactorTimesBaselinePlusOffset() {
        Condition.Relative relative = (Condition.Relative) Condition.parse("<= 1.2 * baseline + 5ms");
        assertThat(relative.threshold(0.1)).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void badConditionsSayWhatIsWrong() {
        assertThatThrownBy(() -> Condition.parse("less than 5")).hasMessageContaining("is not a condition");
        assertThatThrownBy(() -> Condition.parse("< 5xs")).hasMessageContaining("unknown unit 'xs'");
        assertThatThrownBy(() -> Condition.parse("between 5 and 1")).hasMessageContaining("above the upper bound");
        assertThatThrownBy(() -> Condition.parse("<= 2 * baseline * 3")).hasMessageContaining("comparison with the baseline");
        assertThatThrownBy(() -> Condition.parse("<= 0 * baseline")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Condition.parse(" ")).hasMessageContaining("missing");
    }

    @Test
    void valuesFormatForPeople() {
        assertThat(MetricValues.format(0.052341)).isEqualTo("0.05234");
        assertThat(MetricValues.format(3.0)).isEqualTo("3");
        assertThat(MetricValues.format(Double.NaN)).isEqualTo("NaN");
        assertThat(MetricValues.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(MetricValues.format(1.5e-7)).isEqualTo("1.500e-07");
    }
}
