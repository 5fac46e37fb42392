package io.jenkins.plugins.progressive.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JavaScript conversions JsonLogic rests on, where they decide a variant name or a bucketing value. */
class CoercionTest {

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
        "3, 3", "-3, -3", "2.5, 2.5", "0.1, 0.1", "1e21, 1e+21", "1.5e25, 1.5e+25", "1e20, 100000000000000000000",
        "1e-7, 1e-7", "0.000001, 0.000001", "-0.0, 0", "123456789012, 123456789012"})
    void numbersAreWrittenAsJavaScriptWritesThem(double number, String text) {
        assertThat(Coercion.formatNumber(number)).isEqualTo(text);
    }

    @Test
    void specialNumbersAreWrittenAsInJavaScript() {
        assertThat(Coercion.formatNumber(Double.NaN)).isEqualTo("NaN");
        assertThat(Coercion.formatNumber(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @ParameterizedTest(name = "Number(\"{0}\") = {1}")
    @CsvSource({"'', 0", "' 12 ', 12", "1.5e3, 1500", "-.5, -0.5", "Infinity, Infinity"})
    void textThatIsANumberBecomesIt(String text, double number) {
        assertThat(Coercion.toNumber(text)).isEqualTo(number);
    }

    @ParameterizedTest(name = "Number(\"{0}\") is NaN")
    @CsvSource({"12px", "0x10", "1d", "NaNa", "1.2.3"})
    void otherTextIsNotANumber(String text) {
        assertThat(Coercion.toNumber(text)).isNaN();
    }

    @Test
    void truthinessFollowsJsonLogic() {
        assertThat(Coercion.truthy(List.of())).isFalse();
        assertThat(Coercion.truthy(List.of(0))).isTrue();
        assertThat(Coercion.truthy(Map.of())).isTrue();
        assertThat(Coercion.truthy("0")).isTrue();
        assertThat(Coercion.truthy(Double.NaN)).isFalse();
        assertThat(Coercion.truthy(0L)).isFalse();
        assertThat(Coercion.truthy(null)).isFalse();
    }

    @Test
    void targetingResultsNameVariantsAsFlagdDoes() {
        assertThat(VariantNames.of(true)).isEqualTo("true");
        assertThat(VariantNames.of(false)).isEqualTo("false");
        assertThat(VariantNames.of(2.0)).isEqualTo("2");
        assertThat(VariantNames.of("on")).isEqualTo("on");
        assertThat(VariantNames.of(null)).isNull();
    }
}
