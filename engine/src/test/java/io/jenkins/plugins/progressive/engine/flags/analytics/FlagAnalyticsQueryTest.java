package io.jenkins.plugins.progressive.engine.flags.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusQueries;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.QueryResult;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The query a flag's analytics sends and how answers become shares, no data or a failure; Prometheus faked. */
class FlagAnalyticsQueryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC);

    private final AtomicReference<String> sent = new AtomicReference<>();

    private PrometheusQueries answering(QueryResult result) {
        return (promql, time) -> {
            sent.set(promql);
            return CompletableFuture.completedFuture(result);
        };
    }

    @Test
    void theDefaultQueryNamesFlagdsCounterAndBothVariantLabels() {
        FlagUsage usage = new FlagAnalytics(answering(new QueryResult.Success(List.of())), null, CLOCK)
                .evaluations("new-checkout", Duration.ofHours(1), null).join();

        assertThat(sent.get()).isEqualTo("sum by (feature_flag_result_variant, feature_flag_variant) "
                + "(increase(feature_flag_flagd_impression_total{feature_flag_key=\"new-checkout\"}[1h]))");
        assertThat(usage.query()).isEqualTo(sent.get());
    }

    @Test
    void seriesBecomeSharesMostServedFirstAndOldAndNewVariantLabelsAreMerged() {
        // A fleet half upgraded: old flagd reports feature_flag_variant, new flagd feature_flag_result_variant.
        FlagUsage usage = new FlagAnalytics(answering(new QueryResult.Success(List.of(
                new Sample(Map.of("feature_flag_result_variant", "on"), 200),
                new Sample(Map.of("feature_flag_variant", "on"), 50),
                new Sample(Map.of("feature_flag_result_variant", "off"), 750)))), null, CLOCK)
                .evaluations("new-checkout", Duration.ofMinutes(30), null).join();

        assertThat(usage).isInstanceOf(FlagUsage.Measured.class);
        FlagUsage.Measured measured = (FlagUsage.Measured) usage;
        assertThat(measured.total()).isEqualTo(1000);
        assertThat(measured.variants()).extracting(VariantEvaluations::variant).containsExactly("off", "on");
        assertThat(measured.percent("on")).isCloseTo(25.0, within(1e-9));
        assertThat(measured.percent("off")).isCloseTo(75.0, within(1e-9));
        assertThat(measured.percent("never")).as("a variant without series is not a made-up 0").isNull();
        assertThat(sent.get()).contains("[30m]");
        assertThat(measured.lines()).anySatisfy(line -> assertThat(line).contains("on").contains("25.0%"));
        assertThat(measured.toMap()).containsEntry("status", "measured").containsEntry("window", "30m");
    }

    @Test
    void noSeriesAndSeriesThatDidNotGrowAreNoDataNotZeros() {
        FlagUsage none = new FlagAnalytics(answering(new QueryResult.Success(List.of())), null, CLOCK)
                .evaluations("x", Duration.ofHours(1), null).join();
        FlagUsage idle = new FlagAnalytics(answering(new QueryResult.Success(List.of(
                new Sample(Map.of("feature_flag_result_variant", "on"), 0),
                new Sample(Map.of("feature_flag_result_variant", "off"), 0)))), null, CLOCK)
                .evaluations("x", Duration.ofHours(1), null).join();

        assertThat(none).isInstanceOfSatisfying(FlagUsage.NoData.class,
                n -> assertThat(n.kind()).isEqualTo(FlagUsage.NoDataKind.NO_SERIES));
        assertThat(none.toMap()).containsEntry("status", "no-data").doesNotContainKey("variants");
        assertThat(idle).isInstanceOfSatisfying(FlagUsage.NoData.class,
                n -> assertThat(n.kind()).isEqualTo(FlagUsage.NoDataKind.NO_EVALUATIONS));
    }

    @Test
    void aFailedQueryIsReportedWithPrometheusOwnWords() {
        FlagUsage usage = new FlagAnalytics(answering(new QueryResult.Failure(QueryResult.FailureKind.BAD_QUERY,
                "parse error")), null, CLOCK).evaluations("x", Duration.ofHours(1), null).join();

        assertThat(usage).isInstanceOfSatisfying(FlagUsage.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(QueryResult.FailureKind.BAD_QUERY);
            assertThat(f.message()).isEqualTo("parse error");
        });
    }

    @Test
    void anOverriddenTemplateGetsTheEscapedKeyWindowAndNamespace() {
        FlagAnalyticsQueries own = FlagAnalyticsQueries.of("sum by (variant) (increase(flag_evaluations_total"
                + "{flag=\"{{flag}}\", namespace=\"{{namespace}}\"}[{{window}}]))");
        new FlagAnalytics(answering(new QueryResult.Success(List.of())), own, CLOCK)
                .evaluations("say \"hi\"\\", Duration.ofSeconds(90), "shop").join();

        assertThat(sent.get()).isEqualTo("sum by (variant) (increase(flag_evaluations_total"
                + "{flag=\"say \\\"hi\\\"\\\\\", namespace=\"shop\"}[90s]))");
        assertThatThrownBy(() -> new FlagAnalytics(answering(null), own, CLOCK).evaluations("x", Duration.ofHours(1), null))
                .hasMessageContaining("{{namespace}}");
    }

    @Test
    void badTemplatesAndWindowsAreRefused() {
        assertThatThrownBy(() -> FlagAnalyticsQueries.of("sum(x{{pods}})")).hasMessageContaining("unknown placeholder {{pods}}");
        assertThatThrownBy(() -> FlagAnalyticsQueries.of("sum(feature_flag_flagd_impression_total)"))
                .hasMessageContaining("{{flag}}");
        assertThatThrownBy(() -> FlagAnalytics.promDuration(Duration.ofMillis(500))).hasMessageContaining("at least 1s");
        assertThat(FlagAnalytics.promDuration(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(FlagAnalytics.promDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    }
}
