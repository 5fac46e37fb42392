package io.jenkins.plugins.progressive.engine.flags.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.progressive.engine.analysis.prometheus.HttpPrometheusClient;
import io.jenkins.plugins.progressive.engine.analysis.prometheus.PrometheusConnection;
import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagEvaluation;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.PreviewEvaluator;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.flagd.FlagdMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Analytics against the sandbox's real Prometheus: flag evaluations are made with the preview evaluator, reported to
 * counters named and labelled as flagd exports them, scraped every second, and read back per variant.
 */
@Tag("needs-tools")
class FlagAnalyticsPrometheusTest {

    /**
     * Shares: the series of one target are scraped at the same instants, so whatever increase() extrapolates scales
     * every variant alike.
     */
    private static final double SHARE_TOLERANCE_POINTS = 0.5;
    /**
     * Counts: asked at the instant of the last scrape, increase() has nothing to extrapolate (the series start at 0
     * and end at the query time), so the counts are exact up to floating point. Asked at any other moment it
     * extrapolates to the window's end by up to one scrape interval, +20% on this test's 5 s of samples; see
     * the second query below.
     */
    private static final double COUNT_TOLERANCE = 0.005;
    private static final int USERS = 6000;
    private static final int ROUNDS = 4;

    private static Sandbox sandbox;
    private static HttpPrometheusClient prometheus;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().prometheus(Sandbox.PrometheusChoice.SHARED).start();
        prometheus = new HttpPrometheusClient(PrometheusConnection.of(sandbox.prometheus().url().toString()));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void evaluationsPerVariantInPrometheusMatchWhatWasEvaluated() throws Exception {
        String key = "checkout-" + System.nanoTime();
        // Staff by e-mail domain get 'staff'; everyone else is split 30/70 by fractional on the targeting key.
        PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse("""
                {"flags": {"%s": {"state": "ENABLED", "variants": {"new": "new", "old": "old", "staff": "staff"},
                  "defaultVariant": "old",
                  "targeting": {"if": [{"ends_with": [{"var": "email"}, "@example.com"]}, "staff",
                                       {"fractional": [["new", 30], ["old", 70]]}]}}}}
                """.formatted(key)));
        List<FlagEvaluation> evaluations = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String domain = i % 10 == 0 ? "@example.com" : "@customer.org";
            evaluations.add(evaluator.evaluate(key, EvaluationContext.of("user-" + i).with("email", "u" + i + domain)));
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        evaluations.forEach(e -> expected.merge(e.variant(), 1L, Long::sum));

        try (FlagdMetrics flagd = FlagdMetrics.start(sandbox.prometheus(), "analytics")) {
            evaluations.forEach(e -> flagd.declare(key, e.variant(), e.reason().name()));
            int series = (int) evaluations.stream().map(e -> e.variant() + e.reason()).distinct().count();
            await("count(" + FlagdMetrics.IMPRESSIONS + "{feature_flag_key=\"" + key + "\"})", series);
            // In rounds over several scrapes, as evaluations arrive in a real flagd.
            int per = USERS / ROUNDS;
            for (int round = 0; round < ROUNDS; round++) {
                for (FlagEvaluation e : evaluations.subList(round * per, (round + 1) * per)) {
                    flagd.evaluated(key, e.variant(), e.reason().name(), 1);
                }
                Thread.sleep(1200);
            }
            await("sum(" + FlagdMetrics.IMPRESSIONS + "{feature_flag_key=\"" + key + "\"})", USERS);

            Instant lastScrape = Instant.ofEpochMilli(Math.round(sandbox.prometheus().instantQuery(
                    "max(timestamp(" + FlagdMetrics.IMPRESSIONS + "{feature_flag_key=\"" + key + "\"}))")
                    .orElseThrow() * 1000));
            FlagUsage usage = new FlagAnalytics(prometheus, null, Clock.fixed(lastScrape, ZoneOffset.UTC))
                    .evaluations(key, Duration.ofHours(1), null).get(30, TimeUnit.SECONDS);
            FlagUsage now = new FlagAnalytics(prometheus).evaluations(key, Duration.ofHours(1), null)
                    .get(30, TimeUnit.SECONDS);

            assertThat(usage).as(String.join("\n", usage.lines())).isInstanceOf(FlagUsage.Measured.class);
            FlagUsage.Measured measured = (FlagUsage.Measured) usage;
            System.out.println("evaluated " + expected + " of " + USERS + "; Prometheus says:\n"
                    + String.join("\n", measured.lines()));
            assertThat(measured.variants()).extracting(VariantEvaluations::variant)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(measured.total()).isCloseTo(USERS, within(USERS * COUNT_TOLERANCE));
            expected.forEach((variant, count) -> {
                assertThat(measured.percent(variant)).as(variant).isCloseTo(100.0 * count / USERS,
                        within(SHARE_TOLERANCE_POINTS));
                VariantEvaluations v = measured.variants().stream().filter(x -> x.variant().equals(variant))
                        .findFirst().orElseThrow();
                assertThat(v.evaluations()).as(variant).isCloseTo(count, within(count * COUNT_TOLERANCE));
            });
            // Asked now, between scrapes: counts extrapolated by a common factor, shares unchanged.
            FlagUsage.Measured later = (FlagUsage.Measured) now;
            System.out.println("asked between scrapes:\n" + String.join("\n", later.lines()));
            assertThat(later.total()).isBetween(USERS * 1.0 - 1e-6, USERS * 1.5);
            expected.forEach((variant, count) -> assertThat(later.percent(variant)).as(variant)
                    .isCloseTo(100.0 * count / USERS, within(SHARE_TOLERANCE_POINTS)));
        }
    }

    @Test
    void aFlagWithoutSeriesOrWithoutEvaluationsInTheWindowIsNoData() throws Exception {
        String idle = "idle-" + System.nanoTime();
        try (FlagdMetrics flagd = FlagdMetrics.start(sandbox.prometheus(), "analytics-idle")) {
            flagd.declare(idle, "on", "STATIC");
            await("count(" + FlagdMetrics.IMPRESSIONS + "{feature_flag_key=\"" + idle + "\"})", 1);
            Thread.sleep(1500);

            FlagUsage never = new FlagAnalytics(prometheus).evaluations("never-" + System.nanoTime(),
                    Duration.ofHours(1), null).get(30, TimeUnit.SECONDS);
            FlagUsage quiet = new FlagAnalytics(prometheus).evaluations(idle, Duration.ofMinutes(5), null)
                    .get(30, TimeUnit.SECONDS);

            System.out.println(String.join("\n", never.lines()) + "\n" + String.join("\n", quiet.lines()));
            assertThat(never).isInstanceOfSatisfying(FlagUsage.NoData.class,
                    n -> assertThat(n.kind()).isEqualTo(FlagUsage.NoDataKind.NO_SERIES));
            assertThat(quiet).isInstanceOfSatisfying(FlagUsage.NoData.class,
                    n -> assertThat(n.kind()).isEqualTo(FlagUsage.NoDataKind.NO_EVALUATIONS));
        }
    }

    /** Polls until the scraped value is there: Prometheus picks up new targets within 0-6 s. */
    private static void await(String promql, double value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        OptionalDouble seen = OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            seen = sandbox.prometheus().instantQuery(promql);
            if (seen.isPresent() && seen.getAsDouble() == value) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(promql + " did not reach " + value + " within 30 s; last " + seen);
    }
}
