package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Queries and thresholds refused when the plan is built, before Prometheus or a cluster is contacted. */
class ParseTimeQueryChecksTest {

    private static AnalysisPlan plan(String query) {
        return AnalysisPlan.of(List.of(MetricCheck.of("custom", query, "< 1")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sum(rate(http_requests_total[5m])             | '(' at position 4 is never closed",
            "sum(rate(x[5m])))                             | ')' at position 17 closes nothing",
            "rate(x[5m)                                    | ')' at position 10 does not close '[' at position 7",
            "x{version=\"{{version}}\"                     | '{' at position 2 is never closed",
            "x{version=\"{{version}}}                      | the string starting at position 11 (\") is not terminated",
            "x{a='b}                                       | the string starting at position 5 (') is not terminated",
            "sum(x{version=\"{{version}}\",pod=~\"{{pods\"}) | '{{' at position 35 does not start a placeholder"})
    void malformedPromQlIsRefusedWithThePosition(String query, String problem) {
        assertThatThrownBy(() -> plan(query.strip())).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("check 'custom': query: ")
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    assertThat(((PlanException) e).check()).isEqualTo("custom");
                    assertThat(((PlanException) e).field()).isEqualTo("query");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sum(rate(http_requests_total{service=\"{{service}}\",version=\"{{version}}\",code=~\"5..\"}[{{window}}]))",
            "histogram_quantile(0.99, sum by (le) (rate(x_bucket{pod=~\"{{pods}}\"}[1m])))",
            "x{path=\"/a(b\"} # a comment with ( and {",
            "x{path='\\')'} + y{path=`raw \\` }"})
    void wellFormedQueriesPass(String query) {
        assertThatCode(() -> plan(query)).doesNotThrowAnyException();
    }

    @Test
    void theBuiltInChecksPassTheirOwnSyntaxCheck() {
        assertThatCode(() -> AnalysisPlan.of(BuiltInChecks.all())).doesNotThrowAnyException();
    }

    @Test
    void aBrokenRequestCountQueryIsRefusedEvenWhenNoCheckUsesItYet() {
        assertThatThrownBy(() -> plan("up").withRequestCountQuery("sum(increase(x[5m])"))
                .hasMessageStartingWith("requestCountQuery: not valid PromQL: '(' at position 4 is never closed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "< 150%          | '150%' is outside 0%..100%",
            "> -10%          | '-10%' is outside 0%..100%",
            "between 5% and 101% | '101%' is outside 0%..100%",
            "< -5ms          | '-5ms' is a negative duration"})
    void thresholdsWithoutMeaningAreRefused(String condition, String problem) {
        assertThatThrownBy(() -> MetricCheck.of("errorRate", "up", condition))
                .hasMessageStartingWith("check 'errorRate': condition: ").hasMessageContaining(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"< 100%", "> 0%", "<= baseline + 150%", "< -5", "between 0% and 100%"})
    void thresholdsWithinTheirRangePass(String condition) {
        assertThatCode(() -> MetricCheck.of("check", "up", condition)).doesNotThrowAnyException();
    }
}
