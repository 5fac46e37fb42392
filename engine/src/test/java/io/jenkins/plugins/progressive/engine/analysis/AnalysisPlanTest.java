package io.jenkins.plugins.progressive.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is rejected at plan time with the check and the field named. */
class AnalysisPlanTest {

    @Test
    void unknownPlaceholderNamesCheckFieldAndTheKnownOnes() {
        assertThatThrownBy(() -> AnalysisPlan.of(List.of(MetricCheck.of("errorRate", "rate(x{app=\"{{app}}\"}[1m])", "< 1%"))))
                .isInstanceOf(PlanException.class)
                .hasMessage("check 'errorRate': query: unknown placeholder {{app}} (known: namespace, pods, service, version, window)");
    }

    @Test
    void declaredVariablesAreKnownPlaceholders() {
        AnalysisPlan plan = new AnalysisPlan(List.of(MetricCheck.of("errorRate", "rate(x{app=\"{{app}}\"}[{{window}}])", "< 1%")),
                AnalysisTiming.DEFAULT, AnalysisLimits.DEFAULT, null, Map.of("app", "shop"));
        AnalysisTarget target = AnalysisTarget.of("prod", "web", "2.0", "web-abc-.*");
        assertThat(plan.checks().get(0).query().resolve(target.placeholders(plan))).isEqualTo("rate(x{app=\"shop\"}[60s])");
        assertThatThrownBy(() -> plan.withVariables(Map.of("version", "x"))).hasMessageContaining("set by the analysis itself");
    }

    @Test
    void unparsableConditionNamesTheCheck() {
        assertThatThrownBy(() -> MetricCheck.of("latency", "q", "< 200 mss"))
                .isInstanceOf(PlanException.class).hasMessageStartingWith("check 'latency': condition: unknown unit 'mss'");
    }

    @Test
    void timingAndLimitsAreValidatedWithTheirFieldNames() {
        assertThatThrownBy(() -> AnalysisTiming.DEFAULT.withInterval(Duration.ofSeconds(-1))).hasMessageStartingWith("interval: ");
        assertThatThrownBy(() -> AnalysisTiming.DEFAULT.withCount(-1)).hasMessageStartingWith("count: ");
        assertThatThrownBy(() -> AnalysisTiming.DEFAULT.withInitialDelay(Duration.ofSeconds(-5))).hasMessageStartingWith("initialDelay: ");
        assertThatThrownBy(() -> new AnalysisLimits(-1, 0, 0)).hasMessageStartingWith("failureLimit: ");
        assertThatThrownBy(() -> new AnalysisLimits(0, -1, 0)).hasMessageStartingWith("inconclusiveLimit: ");
        assertThatThrownBy(() -> new AnalysisLimits(0, 0, -1)).hasMessageStartingWith("consecutiveErrorLimit: ");
        assertThatThrownBy(() -> MetricCheck.of("x", "q", "< 1").withMinRequests(-3)).hasMessageStartingWith("check 'x': minRequests: ");
    }

    @Test
    void duplicateNamesAllDryRunAndEmptyPlansAreRejected() {
        assertThatThrownBy(() -> AnalysisPlan.of(List.of(MetricCheck.of("a", "q", "< 1"), MetricCheck.of("a", "q", "< 2"))))
                .hasMessage("check 'a': name: two checks have this name");
        assertThatThrownBy(() -> AnalysisPlan.of(List.of(MetricCheck.of("a", "q", "< 1").withDryRun(true))))
                .hasMessageContaining("nothing would decide");
        assertThatThrownBy(() -> AnalysisPlan.of(List.of())).hasMessageContaining("at least one check");
    }

    @Test
    void targetValuesCannotBreakOutOfALabelMatcher() {
        assertThatThrownBy(() -> AnalysisTarget.of("prod", "web", "2.0\"} or vector(0) #", "web-.*"))
                .hasMessageStartingWith("version: must not contain quotes");
    }

    @Test
    void windowDefaultsToTheIntervalAndIsWrittenAsPromQl() {
        assertThat(AnalysisTiming.DEFAULT.withInterval(Duration.ofSeconds(30)).windowAsPromQl()).isEqualTo("30s");
        assertThat(AnalysisTiming.DEFAULT.withInterval(Duration.ofMillis(1500)).windowAsPromQl()).isEqualTo("1500ms");
        assertThat(AnalysisTiming.DEFAULT.withWindow(Duration.ofMinutes(5)).windowAsPromQl()).isEqualTo("300s");
    }

    @Test
    void builtInChecksUseOnlyStandardPlaceholdersAndValidate() {
        AnalysisPlan plan = AnalysisPlan.of(BuiltInChecks.all().stream().map(c -> c.withMinRequests(10)).toList());
        assertThat(plan.checks()).extracting(MetricCheck::name).containsExactly("errorRate", "latencyP99", "cpu", "memory");
        assertThat(BuiltInChecks.named("latencyP99")).get().extracting(c -> c.condition().text()).isEqualTo("< 200ms");
    }
}
