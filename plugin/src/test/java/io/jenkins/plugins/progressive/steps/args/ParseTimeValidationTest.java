package io.jenkins.plugins.progressive.steps.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.rollout.PlannedRollout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each class of bad input of issue 14, refused when the arguments are read (before any cluster is contacted) with
 * the exact message the build log shows after the step's name. The property tests (StepArgumentsPropertyTest)
 * generate many more; these pin the wording.
 */
class ParseTimeValidationTest {
    private static final StepDefaults DEFAULTS = new StepDefaults("shop", "https://ci.example/job/web/7/", List.of());
    private static final String BAD_QUERY = "sum(rate(http_requests_total{version=\"{{version}}\"}[1m])";
    private static final String BAD_QUERY_PROBLEM = "not valid PromQL: '(' at position 4 is never closed";

    private static Map<String, Object> rolling(Object... pairs) {
        return with(Map.of("deployment", "web", "images", Map.of("app", "shop/web:2")), pairs);
    }

    private static Map<String, Object> canary(Object... pairs) {
        return with(Map.of("app", "feed", "images", Map.of("app", "shop/feed:2")), pairs);
    }

    private static Map<String, Object> blueGreen(Object... pairs) {
        return with(Map.of("app", "shop", "images", Map.of("app", "shop/shop:2")), pairs);
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> analysis(Object... pairs) {
        return with(Map.of("checks", Map.of("errorRate", Map.of("builtIn", true))), pairs);
    }

    private static Map<String, Object> customCheck(String query) {
        return Map.of("checks", Map.of("custom", Map.of("query", query, "condition", "< 1")));
    }

    private static String refusal(Runnable parse) {
        try {
            parse.run();
        } catch (StepArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    private static String rollingRefusal(Map<String, Object> args) {
        return refusal(() -> RollingArgs.plan(args, DEFAULTS));
    }

    private static String canaryRefusal(Map<String, Object> args) {
        return refusal(() -> CanaryArgs.plan(args, DEFAULTS));
    }

    private static String blueGreenRefusal(Map<String, Object> args) {
        return refusal(() -> BlueGreenArgs.plan(args, DEFAULTS));
    }

    @Test
    void integersBeyondIntAreRefusedNeverWrapped() {
        assertThat(rollingRefusal(rolling("analysis", analysis("count", 4294967297L))))
                .isEqualTo("analysis.count: 4294967297 is outside 0..2147483647");
        assertThat(canaryRefusal(canary("steps", List.of(4294967396L))))
                .isEqualTo("steps[0]: 4294967396 is outside 0..100");
        assertThat(rollingRefusal(rolling("analysis", analysis("count", new BigInteger("99999999999999999999")))))
                .isEqualTo("analysis.count: 99999999999999999999 is outside 0..2147483647");
        assertThat(rollingRefusal(rolling("analysis", analysis("count", new BigDecimal("2.5")))))
                .isEqualTo("analysis.count: expected a whole number in 0..2147483647, was 2.5");
        assertThat(rollingRefusal(rolling("minReadySeconds", 10.5)))
                .isEqualTo("minReadySeconds: expected a whole number in 0..2147483647, was 10.5");
        assertThat(rollingRefusal(rolling("minReadySeconds", Double.NaN)))
                .isEqualTo("minReadySeconds: expected a whole number in 0..2147483647, was NaN");
        assertThat(rollingRefusal(rolling("analysis", analysis("failureLimit", -1))))
                .isEqualTo("analysis.failureLimit: -1 is outside 0..2147483647");
        assertThat(RollingArgs.plan(rolling("analysis", analysis("count", 4.0)), DEFAULTS).analysis().timing().count())
                .as("a whole double is its number").isEqualTo(4);
    }

    @Test
    void durationsOutsideTheirRangeNameThePathAndTheRange() {
        assertThat(rollingRefusal(rolling("analysis", analysis("interval", "99999999999999999999s"))))
                .isEqualTo("analysis.interval: '99999999999999999999s' is outside 0s..365d");
        assertThat(blueGreenRefusal(blueGreen("scaleDownDelay", "100000000000000000000")))
                .isEqualTo("scaleDownDelay: '100000000000000000000' is outside 0s..365d");
        assertThat(blueGreenRefusal(blueGreen("scaleDownDelay", "9999999999999999d")))
                .isEqualTo("scaleDownDelay: '9999999999999999d' is outside 0s..365d");
        assertThat(rollingRefusal(rolling("analysis", analysis("initialDelay", Double.NaN))))
                .isEqualTo("analysis.initialDelay: NaN is not a duration; write e.g. 30s, or a number of seconds in 0s..365d");
        assertThat(rollingRefusal(rolling("analysis", analysis("initialDelay", -5))))
                .isEqualTo("analysis.initialDelay: must not be negative, was -5");
        assertThat(blueGreenRefusal(blueGreen("scaleDownDelay", 1e300)))
                .isEqualTo("scaleDownDelay: 1E+300 seconds is outside 0s..365d");
    }

    @Test
    void nullsInStepsNameTheirIndex() {
        assertThat(canaryRefusal(canary("steps", Arrays.asList(5, null, 100))))
                .isEqualTo("steps[1]: is missing: give a weight 0..100");
        Map<String, Object> nullWeight = new LinkedHashMap<>();
        nullWeight.put("setWeight", null);
        assertThat(canaryRefusal(canary("steps", List.of(nullWeight))))
                .isEqualTo("steps[0].setWeight: is missing (null); see docs/steps/canaryStage.md");
        Map<String, Object> nullAnalysis = new LinkedHashMap<>();
        nullAnalysis.put("analysis", null);
        assertThat(canaryRefusal(canary("steps", List.of(Map.of("setWeight", 5), nullAnalysis))))
                .isEqualTo("steps[1].analysis: is missing (null); see docs/steps/canaryStage.md");
    }

    @Test
    void weightsOutOfRangeAndDecreasingNameTheirIndex() {
        assertThat(canaryRefusal(canary("steps", List.of(5, -10, 100)))).isEqualTo("steps[1]: -10 is outside 0..100");
        assertThat(canaryRefusal(canary("steps", List.of(Map.of("setWeight", 5), Map.of("setWeight", 101)))))
                .isEqualTo("steps[1].setWeight: 101 is outside 0..100");
        assertThat(canaryRefusal(canary("steps", List.of(Map.of("setWeight", 50), Map.of("pause", "1m"),
                Map.of("setWeight", 25))))).isEqualTo("steps[2]: weights must not decrease, but 25% follows 50%");
        assertThat(canaryRefusal(canary("steps", List.of(Map.of("pause", "0s")))))
                .isEqualTo("steps[0]: a pause must be positive, was PT0S");
        assertThat(canaryRefusal(canary("steps", List.of(Map.of("setWeight", 5), 10))))
                .startsWith("steps[1]: expected a step like [setWeight: 5]");
    }

    @Test
    void malformedPromQlInEveryCustomCheckIsRefusedWithItsPath() {
        assertThat(rollingRefusal(rolling("analysis", customCheck(BAD_QUERY))))
                .isEqualTo("analysis.checks.custom.query: " + BAD_QUERY_PROBLEM);
        assertThat(blueGreenRefusal(blueGreen("prePromotion", customCheck(BAD_QUERY))))
                .isEqualTo("prePromotion.checks.custom.query: " + BAD_QUERY_PROBLEM);
        assertThat(blueGreenRefusal(blueGreen("postSwitch", customCheck("rate(x[1m)"))))
                .isEqualTo("postSwitch.checks.custom.query: not valid PromQL: ')' at position 10 does not close '[' at "
                        + "position 7");
        assertThat(canaryRefusal(canary("steps", List.of(Map.of("setWeight", 5),
                Map.of("analysis", customCheck("x{version=\"{{version}}}"))))))
                .isEqualTo("steps[1].analysis.checks.custom.query: not valid PromQL: the string starting at position 11 "
                        + "(\") is not terminated");
        assertThat(canaryRefusal(canary("steps", List.of(10, 100), "background", customCheck(BAD_QUERY))))
                .isEqualTo("background.checks.custom.query: " + BAD_QUERY_PROBLEM);
        assertThat(rollingRefusal(rolling("analysis", customCheck(
                "x{version=\"{{version}}\",pod=~\"{{pods\"}"))))
                .isEqualTo("analysis.checks.custom.query: '{{' at position 31 does not start a placeholder like "
                        + "{{version}}");
    }

    @Test
    void anInvalidOrNonRe2RegexInAHeaderRouteIsRefusedBeforeAnyWrite() {
        Map<String, Object> route = Map.of("name", "beta", "header", "x-user", "value", "(", "match", "regex");
        assertThat(canaryRefusal(canary("router", Map.of("istio", "feed"), "steps", List.of(Map.of("setWeight", 5),
                Map.of("setHeaderRoute", route)))))
                .isEqualTo("steps[1].setHeaderRoute.value: '(' is not a valid regular expression: Unclosed group at "
                        + "the end");
        Map<String, Object> lookahead = Map.of("name", "beta", "header", "x-user", "value", "beta(?!-old)",
                "match", "regex");
        assertThat(canaryRefusal(canary("router", Map.of("istio", "feed"), "steps", List.of(Map.of("setHeaderRoute",
                lookahead))))).isEqualTo("steps[0].setHeaderRoute.value: 'beta(?!-old)' uses lookahead (?!…), which RE2 "
                        + "(Envoy, Istio, Gateway API) does not support");
    }

    @Test
    void thresholdsOutsideAnyMeaningAreRefused() {
        assertThat(rollingRefusal(rolling("analysis", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true,
                "condition", "< 150%")))))).isEqualTo("analysis.checks.errorRate.condition: '150%' is outside "
                        + "0%..100%: a percentage is a share");
        assertThat(rollingRefusal(rolling("analysis", Map.of("checks", Map.of("cpu", Map.of("builtIn", true,
                "condition", "> -10%")))))).isEqualTo("analysis.checks.cpu.condition: '-10%' is outside 0%..100%: a "
                        + "percentage is a share");
        assertThat(blueGreenRefusal(blueGreen("postSwitch", Map.of("checks", Map.of("errorRate", Map.of("builtIn",
                true, "condition", "< 200%")))))).isEqualTo("postSwitch.checks.errorRate.condition: '200%' is outside "
                        + "0%..100%: a percentage is a share");
        assertThat(rollingRefusal(rolling("analysis", Map.of("checks", Map.of("errorRate", Map.of("builtIn", true,
                "condition", "< 1.5")))))).isEqualTo("analysis.checks.errorRate.condition: errorRate is a share of "
                        + "requests, 0..1 (0%..100%), so '< 1.5' has no meaning");
        assertThat(rollingRefusal(rolling("analysis", Map.of("checks", Map.of("latencyP99", Map.of("builtIn", true,
                "condition", "> -1")))))).isEqualTo("analysis.checks.latencyP99.condition: latencyP99 is never "
                        + "negative, so '> -1' has no meaning (the threshold is -1)");
        assertThat(rollingRefusal(rolling("analysis", analysis("minRequests", -3))))
                .isEqualTo("analysis.minRequests: -3 is outside 0..2147483647");
    }

    @Test
    void flagToggleNumbersAreExact() {
        Map<String, Object> ramp = Map.of("start", "2026-12-01T00:00:00Z", "end", "2026-12-02T00:00:00Z", "steps", 2.7);
        assertThat(refusal(() -> FlagToggleArgs.parse(Map.of("configMap", "flags", "flag", "f", "percentage", 50,
                "ramp", ramp), DEFAULTS, "r"))).isEqualTo("ramp.steps: must be a whole number 1..100, was 2.7");
        assertThat(refusal(() -> FlagToggleArgs.parse(Map.of("configMap", "flags", "flag", "f", "percentage",
                Double.NaN), DEFAULTS, "r"))).isEqualTo("percentage: must be 0..100, was NaN");
        assertThat(refusal(() -> FlagToggleArgs.parse(Map.of("configMap", "Bad_Name", "flag", "f", "enabled",
                true), DEFAULTS, "r"))).startsWith("configMap: 'Bad_Name' is not a valid object name");
        assertThat(refusal(() -> FlagToggleArgs.parse(Map.of("configMap", "flags", "staleReport",
                Map.of("fullyOnDays", 4294967297L)), DEFAULTS, "r")))
                .isEqualTo("staleReport.fullyOnDays: 4294967297 is outside 1..36500");
    }

    @Test
    void theGuardTurnsAnyExceptionIntoAPathAndNeverRepeatsTheStepsName() {
        assertThat(refusal(() -> StepArgumentGuard.parse("canaryStage", () -> {
            throw new NullPointerException("Cannot invoke \"java.lang.Integer.intValue()\"");
        }))).isEqualTo("arguments: could not be read: a value has a type or size the step does not expect; check "
                + "them against docs/steps/canaryStage.md");
        assertThat(refusal(() -> StepArgumentGuard.parse("rollingUpdate", () -> {
            throw new NumberFormatException("For input string: \"s3cr3t\"");
        }))).doesNotContain("NumberFormatException").doesNotContain("s3cr3t").startsWith("arguments: ");
        assertThat(refusal(() -> StepArgumentGuard.parse("canaryStage", () -> {
            throw new StepArgumentException("canaryStage", "steps: weight 5 is odd");
        }))).isEqualTo("steps: weight 5 is odd");
        assertThat(refusal(() -> StepArgumentGuard.parse("blueGreenDeploy", () -> {
            throw new PlanException("previewReplicas: must be at least 1, was 0");
        }))).isEqualTo("previewReplicas: must be at least 1, was 0");
        assertThat(refusal(() -> StepArgumentGuard.parse("blueGreenDeploy", () -> {
            throw new IllegalArgumentException("healthChecks[0].port: must be 1..65535");
        }))).isEqualTo("healthChecks[0].port: must be 1..65535");
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThat(refusal(() -> PlannedRollout.of(PlannedRollout.Strategy.CANARY, canary("steps", cyclic), DEFAULTS)))
                .startsWith("steps[0]: ");
        assertThat(refusal(() -> PlannedRollout.of(PlannedRollout.Strategy.CANARY, canary("steps", List.of(50, 25)),
                DEFAULTS))).as("one name, added by the step").isEqualTo("steps[1]: weights must not decrease, but 25% "
                        + "follows 50%");
    }
}
