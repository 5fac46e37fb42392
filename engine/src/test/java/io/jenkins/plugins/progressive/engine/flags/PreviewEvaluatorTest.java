package io.jenkins.plugins.progressive.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The result mapping of flagd's evaluateVariant: variant, value and reason for each way a flag can resolve. */
class PreviewEvaluatorTest {

    private static final String FLAGS = """
            {
              "metadata": {"flagSetId": "shop", "owner": "platform"},
              "$evaluators": {"staff": {"ends_with": [{"var": "email"}, "@shop.example"]}},
              "flags": {
                "static-flag": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                                "metadata": {"owner": "checkout-team"}},
                "empty-targeting": {"state": "ENABLED", "variants": {"on": true, "off": false},
                                    "defaultVariant": "on", "targeting": {}},
                "no-default": {"state": "ENABLED", "variants": {"on": true, "off": false}},
                "no-default-targeted": {"state": "ENABLED", "variants": {"on": true, "off": false},
                                        "targeting": {"if": [{"$ref": "staff"}, "on"]}},
                "killed": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
                "targeted": {"state": "ENABLED", "variants": {"blue": "#00f", "red": "#f00"}, "defaultVariant": "red",
                             "targeting": {"if": [{"$ref": "staff"}, "blue", null]}},
                "shorthand": {"state": "ENABLED", "variants": {"true": 1, "false": 0}, "defaultVariant": "false",
                              "targeting": {"starts_with": [{"var": "email"}, "beta-"]}},
                "by-key": {"state": "ENABLED", "variants": {"listed": "yes", "other": "no"}, "defaultVariant": "other",
                           "targeting": {"if": [{"in": [{"var": "targetingKey"}, ["u-1", "u-2"]]}, "listed"]}},
                "named-result": {"state": "ENABLED", "variants": {"a": "A"}, "defaultVariant": "a",
                                 "targeting": {"var": "pick"}},
                "ramp": {"state": "ENABLED", "variants": {"new": "new", "old": "old"}, "defaultVariant": "old",
                         "targeting": {"if": [{">=": [{"var": "$flagd.timestamp"}, 1767225600]}, "new", "old"]}},
                "per-flag": {"state": "ENABLED", "variants": {"this": "this", "other": "other"},
                             "defaultVariant": "other",
                             "targeting": {"if": [{"==": [{"var": "$flagd.flagKey"}, "per-flag"]}, "this"]}},
                "broken": {"state": "ENABLED", "variants": {"a": "A"}, "defaultVariant": "a",
                           "targeting": {"var": [{"merge": [["x"]]}]}}
              }
            }
            """;

    private final PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse(FLAGS));

    @Test
    void withoutTargetingTheDefaultVariantIsStatic() {
        FlagEvaluation result = evaluator.evaluate("static-flag", EvaluationContext.of("u"));
        assertThat(result).extracting(FlagEvaluation::variant, FlagEvaluation::value, FlagEvaluation::reason)
                .containsExactly("off", false, EvaluationReason.STATIC);
        assertThat(evaluator.evaluate("empty-targeting", EvaluationContext.of("u")).reason())
                .isEqualTo(EvaluationReason.STATIC);
    }

    @Test
    void flagMetadataWinsOverSetMetadata() {
        assertThat(evaluator.evaluate("static-flag", EvaluationContext.of("u")).metadata())
                .containsExactly(Map.entry("flagSetId", "shop"), Map.entry("owner", "checkout-team"));
    }

    @Test
    void aMatchIsTargetingMatchAndNullIsDefault() {
        FlagEvaluation staff = evaluator.evaluate("targeted", EvaluationContext.of("u").with("email", "a@shop.example"));
        assertThat(staff).extracting(FlagEvaluation::variant, FlagEvaluation::value, FlagEvaluation::reason)
                .containsExactly("blue", "#00f", EvaluationReason.TARGETING_MATCH);
        FlagEvaluation other = evaluator.evaluate("targeted", EvaluationContext.of("u").with("email", "a@x.example"));
        assertThat(other).extracting(FlagEvaluation::variant, FlagEvaluation::value, FlagEvaluation::reason)
                .containsExactly("red", "#f00", EvaluationReason.DEFAULT);
    }

    @Test
    void withoutADefaultVariantTheCodeDefaultAppliesWithReasonDefault() {
        FlagEvaluation untargeted = evaluator.evaluate("no-default", EvaluationContext.of("u"));
        assertThat(untargeted.usesCodeDefault()).isTrue();
        assertThat(untargeted.reason()).isEqualTo(EvaluationReason.DEFAULT);
        FlagEvaluation noMatch = evaluator.evaluate("no-default-targeted", EvaluationContext.of("u"));
        assertThat(noMatch.usesCodeDefault()).isTrue();
        assertThat(noMatch.reason()).isEqualTo(EvaluationReason.DEFAULT);
        FlagEvaluation match = evaluator.evaluate("no-default-targeted",
                EvaluationContext.of("u").with("email", "b@shop.example"));
        assertThat(match.variant()).isEqualTo("on");
    }

    @Test
    void aDisabledFlagServesTheCodeDefaultWithReasonDisabled() {
        FlagEvaluation result = evaluator.evaluate("killed", EvaluationContext.of("u"));
        assertThat(result.usesCodeDefault()).isTrue();
        assertThat(result.reason()).isEqualTo(EvaluationReason.DISABLED);
        assertThat(result.error()).isNull();
    }

    @Test
    void booleanResultsSelectTheVariantsNamedTrueAndFalse() {
        assertThat(evaluator.evaluate("shorthand", EvaluationContext.of("u").with("email", "beta-1@x")))
                .extracting(FlagEvaluation::variant, FlagEvaluation::value).containsExactly("true", 1L);
        assertThat(evaluator.evaluate("shorthand", EvaluationContext.of("u").with("email", "ga@x")))
                .extracting(FlagEvaluation::variant, FlagEvaluation::reason)
                .containsExactly("false", EvaluationReason.TARGETING_MATCH);
        // starts_with on a missing email is null, not false: the default variant, reason DEFAULT.
        assertThat(evaluator.evaluate("shorthand", EvaluationContext.of("u")).reason())
                .isEqualTo(EvaluationReason.DEFAULT);
    }

    @Test
    void theTargetingKeyIsInjectedAndWinsOverAnAttributeOfTheSameName() {
        assertThat(evaluator.evaluate("by-key", EvaluationContext.of("u-2")).variant()).isEqualTo("listed");
        assertThat(evaluator.evaluate("by-key", new EvaluationContext("u-9", Map.of("targetingKey", "u-1")))
                .variant()).isEqualTo("other");
        // Without an explicit key, the attribute is the key, as in the OpenFeature SDK's contexts.
        assertThat(new EvaluationContext(null, Map.of("targetingKey", "u-1")).targetingKey()).isEqualTo("u-1");
    }

    @Test
    void anUnknownVariantIsAnErrorAndTheCodeDefaultApplies() {
        FlagEvaluation result = evaluator.evaluate("named-result", EvaluationContext.of("u").with("pick", "b"));
        assertThat(result.reason()).isEqualTo(EvaluationReason.ERROR);
        assertThat(result.error()).isEqualTo(EvaluationError.GENERAL);
        assertThat(result.errorMessage()).isEqualTo("targeting chose 'b', which is not a variant of flag 'named-result'");
        assertThat(result.usesCodeDefault()).isTrue();
        assertThat(evaluator.evaluate("named-result", EvaluationContext.of("u").with("pick", "a")).variant())
                .isEqualTo("a");
    }

    @Test
    void aRuleThatCannotBeEvaluatedIsAParseError() {
        FlagEvaluation result = evaluator.evaluate("broken", EvaluationContext.of("u"));
        assertThat(result.reason()).isEqualTo(EvaluationReason.ERROR);
        assertThat(result.error()).isEqualTo(EvaluationError.PARSE_ERROR);
    }

    @Test
    void anUnknownFlagIsFlagNotFound() {
        FlagEvaluation result = evaluator.evaluate("nope", EvaluationContext.of("u"));
        assertThat(result.error()).isEqualTo(EvaluationError.FLAG_NOT_FOUND);
        assertThat(result.reason()).isEqualTo(EvaluationReason.ERROR);
    }

    @Test
    void theTimestampIsTheClockInSecondsSoARampCanBePreviewedAtAnyTime() {
        Instant newYear = Instant.parse("2026-01-01T00:00:00Z");
        PreviewEvaluator before = new PreviewEvaluator(FlagSet.parse(FLAGS),
                Clock.fixed(newYear.minusMillis(1), ZoneOffset.UTC));
        PreviewEvaluator at = new PreviewEvaluator(FlagSet.parse(FLAGS), Clock.fixed(newYear, ZoneOffset.UTC));
        assertThat(before.evaluate("ramp", EvaluationContext.of("u")).variant()).isEqualTo("old");
        assertThat(at.evaluate("ramp", EvaluationContext.of("u")).variant()).isEqualTo("new");
    }

    @Test
    void theFlagKeyIsInjected() {
        assertThat(evaluator.evaluate("per-flag", EvaluationContext.of("u")).variant()).isEqualTo("this");
    }

    @Test
    void knowsWhichFlagsBucketWithFractional() {
        PreviewEvaluator withFractional = new PreviewEvaluator(FlagSet.parse("""
                {"$evaluators": {"half": {"fractional": [["on", 1], ["off", 1]]}},
                 "flags": {"f": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                                 "targeting": {"$ref": "half"}}}}
                """));
        assertThat(withFractional.usesFractional("f")).isTrue();
        assertThat(evaluator.usesFractional("targeted")).isFalse();
    }
}
