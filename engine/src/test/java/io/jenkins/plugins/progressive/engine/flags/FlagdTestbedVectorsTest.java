package io.jenkins.plugins.progressive.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vectors of the flagd test-bed (flagd-testbed v3.9.0, {@code evaluator/gherkin/*.feature}) that every flagd
 * evaluator must reproduce, as our own cases: the flags below are written to match the test-bed's
 * ({@code fractional-flag} etc.), since the flag key is part of the bucketing value. The {@code fractional}
 * expectations are the v2 ones (flagd ≥ 0.15.0); the v1 ones differ for the same users.
 */
class FlagdTestbedVectorsTest {

    private static final String FLAGS = """
            {
              "$evaluators": {"is_ballmer": {"==": ["ballmer@macrosoft.com", {"var": ["email"]}]}},
              "flags": {
                "fractional-flag": {
                  "state": "ENABLED", "defaultVariant": "wild",
                  "variants": {"clubs": "clubs", "diamonds": "diamonds", "hearts": "hearts", "spades": "spades",
                               "wild": "wild"},
                  "targeting": {"fractional": [{"cat": [{"var": "$flagd.flagKey"}, {"var": "user.name"}]},
                                               ["clubs", 25], ["diamonds", 25], ["hearts", 25], ["spades", 25]]}
                },
                "fractional-flag-shorthand": {
                  "state": "ENABLED", "defaultVariant": "draw",
                  "variants": {"heads": "heads", "tails": "tails", "draw": "draw"},
                  "targeting": {"fractional": [["heads"], ["tails", 1]]}
                },
                "fractional-flag-A-shared-seed": {
                  "state": "ENABLED", "defaultVariant": "wild",
                  "variants": {"clubs": "clubs", "diamonds": "diamonds", "hearts": "hearts", "spades": "spades",
                               "wild": "wild"},
                  "targeting": {"fractional": [{"cat": ["shared-seed", {"var": "user.name"}]},
                                               ["clubs", 25], ["diamonds", 25], ["hearts", 25], ["spades", 25]]}
                },
                "fractional-hash-edge-flag": {
                  "state": "ENABLED", "defaultVariant": "lower",
                  "variants": {"lower": "lower", "upper": "upper"},
                  "targeting": {"fractional": [{"var": "targetingKey"}, ["lower", 50], ["upper", 50]]}
                },
                "fractional-single-entry-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"single": "single", "fallback": "fallback"},
                  "targeting": {"fractional": [["single", 1]]}
                },
                "fractional-nested-if-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"premium": "premium", "standard": "standard", "fallback": "fallback"},
                  "targeting": {"fractional": [{"var": "targetingKey"},
                      [{"if": [{"==": [{"var": "tier"}, "premium"]}, "premium", "standard"]}, 50], ["standard", 50]]}
                },
                "fractional-as-condition-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"big": "hundreds", "small": "ones", "fallback": "zero"},
                  "targeting": {"if": [{"fractional": [[false, 0], [true, 100]]}, "big", "small"]}
                },
                "fractional-null-bucket-key-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"one": "one", "two": "two", "fallback": "fallback"},
                  "targeting": {"fractional": [{"var": "missing_key"}, ["one", 50], ["two", 50]]}
                },
                "equal-greater-lesser-version-flag": {
                  "state": "ENABLED", "defaultVariant": "none",
                  "variants": {"equal": "equal", "greater": "greater", "lesser": "lesser", "none": "none"},
                  "targeting": {"if": [{"sem_ver": [{"var": "version"}, "=", "2.0.0"]}, "equal",
                                       {"sem_ver": [{"var": "version"}, ">", "2.0.0"]}, "greater",
                                       {"sem_ver": [{"var": "version"}, "<", "2.0.0"]}, "lesser"]}
                },
                "major-minor-version-flag": {
                  "state": "ENABLED", "defaultVariant": "none",
                  "variants": {"minor": "minor", "major": "major", "none": "none"},
                  "targeting": {"if": [{"sem_ver": [{"var": "version"}, "~", "3.0.0"]}, "minor",
                                       {"sem_ver": [{"var": "version"}, "^", "3.0.0"]}, "major"]}
                },
                "semver-invalid-version-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"true": "true", "false": "false", "fallback": "fallback"},
                  "targeting": {"sem_ver": [{"var": "version"}, "=", "1.0.0"]}
                },
                "starts-ends-flag": {
                  "state": "ENABLED", "defaultVariant": "none",
                  "variants": {"prefix": "prefix", "postfix": "postfix", "none": "none"},
                  "targeting": {"if": [{"starts_with": [{"var": "id"}, "abc"]}, "prefix",
                                       {"if": [{"ends_with": [{"var": "id"}, "xyz"]}, "postfix", "none"]}]}
                },
                "starts-with-non-string-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"true": "true", "false": "false", "fallback": "fallback"},
                  "targeting": {"starts_with": [{"var": "num"}, "abc"]}
                },
                "ref-flag": {
                  "state": "ENABLED", "defaultVariant": "fallback",
                  "variants": {"hi": "hi", "bye": "bye", "fallback": "fallback"},
                  "targeting": {"if": [{"$ref": "is_ballmer"}, "hi", "bye"]}
                }
              }
            }
            """;

    private final PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse(FLAGS));

    @ParameterizedTest(name = "user.name {0} -> {1}")
    @CsvSource({"jack, hearts", "queen, spades", "ten, clubs", "nine, diamonds", "3, clubs"})
    void fractionalV2BucketsOnFlagKeyAndNestedName(String name, String expected) {
        EvaluationContext user = new EvaluationContext(null, Map.of("user", Map.of("name", name)));
        assertThat(evaluator.evaluate("fractional-flag", user).value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "targetingKey {0} -> {1}")
    @CsvSource({"jon@company.com, heads", "jane@company.com, tails"})
    void fractionalShorthandWeighsOneEach(String targetingKey, String expected) {
        assertThat(evaluator.evaluate("fractional-flag-shorthand", EvaluationContext.of(targetingKey)).value())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "user.name {0} -> {1}")
    @CsvSource({"seven, hearts", "eight, diamonds", "nine, clubs", "two, spades"})
    void fractionalWithASharedSeedIgnoresTheFlagKey(String name, String expected) {
        EvaluationContext user = new EvaluationContext(null, Map.of("user", Map.of("name", name)));
        assertThat(evaluator.evaluate("fractional-flag-A-shared-seed", user).value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "key {0} -> {1}")
    @CsvSource({"ejOoVL, lower", "bY9fO-, lower", "SI7p-, lower", "6LvT0, upper", "ceQdGm, upper"})
    void fractionalHashEdgeCasesAtTheBucketBoundary(String key, String expected) {
        assertThat(evaluator.evaluate("fractional-hash-edge-flag", EvaluationContext.of(key)).value())
                .isEqualTo(expected);
    }

    @Test
    void fractionalEdgeForms() {
        assertThat(evaluator.evaluate("fractional-single-entry-flag", EvaluationContext.of("some-targeting-key"))
                .value()).isEqualTo("single");
        assertThat(evaluator.evaluate("fractional-as-condition-flag", EvaluationContext.of("some-targeting-key"))
                .value()).isEqualTo("hundreds");
        FlagEvaluation noBucketKey = evaluator.evaluate("fractional-null-bucket-key-flag", EvaluationContext.of(null));
        assertThat(noBucketKey.value()).isEqualTo("fallback");
        assertThat(noBucketKey.reason()).isEqualTo(EvaluationReason.DEFAULT);
    }

    @ParameterizedTest(name = "targetingKey {0}, tier {1} -> {2}")
    @CsvSource({"jon@company.com, premium, premium", "jon@company.com, basic, standard",
        "user1, premium, standard", "user1, basic, standard"})
    void fractionalWithANestedRuleAsVariant(String targetingKey, String tier, String expected) {
        EvaluationContext user = EvaluationContext.of(targetingKey).with("tier", tier);
        assertThat(evaluator.evaluate("fractional-nested-if-flag", user).value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "version {0} -> {1}")
    @CsvSource({"2.0.0, equal", "2.1.0, greater", "1.9.0, lesser", "2.0.0-alpha, lesser", "2.0.0.0, none"})
    void semVerComparison(String version, String expected) {
        assertThat(evaluator.evaluate("equal-greater-lesser-version-flag",
                EvaluationContext.of("u").with("version", version)).value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "version {0} -> {1}")
    @CsvSource({"3.0.1, minor", "3.1.0, major", "4.0.0, none"})
    void semVerRanges(String version, String expected) {
        assertThat(evaluator.evaluate("major-minor-version-flag", EvaluationContext.of("u").with("version", version))
                .value()).isEqualTo(expected);
    }

    @Test
    void invalidOperatorInputFallsBackToTheDefaultVariant() {
        FlagEvaluation semVer = evaluator.evaluate("semver-invalid-version-flag",
                EvaluationContext.of("u").with("version", "not-a-version"));
        FlagEvaluation startsWith = evaluator.evaluate("starts-with-non-string-flag",
                EvaluationContext.of("u").with("num", 123));
        for (FlagEvaluation evaluation : new FlagEvaluation[] {semVer, startsWith}) {
            assertThat(evaluation.value()).isEqualTo("fallback");
            assertThat(evaluation.reason()).isEqualTo(EvaluationReason.DEFAULT);
        }
    }

    @ParameterizedTest(name = "id {0} -> {1}")
    @CsvSource({"abcdef, prefix", "uvwxyz, postfix", "abcxyz, prefix", "lmnopq, none"})
    void startsWithAndEndsWith(String id, String expected) {
        assertThat(evaluator.evaluate("starts-ends-flag", EvaluationContext.of("u").with("id", id)).value())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "email {0} -> {1}")
    @CsvSource({"ballmer@macrosoft.com, hi", "gates@macrosoft.com, bye"})
    void refSubstitutesTheEvaluator(String email, String expected) {
        assertThat(evaluator.evaluate("ref-flag", EvaluationContext.of("u").with("email", email)).value())
                .isEqualTo(expected);
    }
}
