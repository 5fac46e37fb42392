package io.jenkins.plugins.progressive.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading and writing flag sets: nothing the tool did not touch is lost, and a bad set never gets through. */
class FlagSetTest {

    private static final String SHOP = """
            {
              "$schema": "https://flagd.dev/schema/v0/flags.json",
              "x-managed-by": {"tool": "argocd", "sync": 3},
              "metadata": {"flagSetId": "shop", "version": 2},
              "$evaluators": {"staff": {"ends_with": [{"var": "email"}, "@shop.example"]}},
              "flags": {
                "new-checkout": {
                  "targeting": {"if": [{"$ref": "staff"}, "on", {"fractional": [["on", 25], ["off", 75]]}]},
                  "state": "ENABLED",
                  "variants": {"on": true, "off": false},
                  "defaultVariant": "off",
                  "x-team": "payments",
                  "metadata": {"owner": "payments", "expiresAt": "2026-12-31"}
                },
                "banner-color": {"state": "DISABLED", "variants": {"blue": "#00f", "red": "#f00"},
                                 "defaultVariant": "red"},
                "price-test": {"state": "ENABLED", "variants": {"low": 9.5, "high": 12}, "defaultVariant": "low"},
                "layout": {"state": "ENABLED", "variants": {"compact": {"columns": 2, "ads": false}},
                           "defaultVariant": null}
              }
            }
            """;

    @Test
    void readsFlagsEvaluatorsAndMetadata() {
        FlagSet set = FlagSet.parse(SHOP);
        assertThat(set.flags()).containsOnlyKeys("new-checkout", "banner-color", "price-test", "layout");
        FlagDefinition checkout = set.flag("new-checkout").orElseThrow();
        assertThat(checkout.state()).isEqualTo(FlagState.ENABLED);
        assertThat(checkout.variants()).containsExactly(Map.entry("on", true), Map.entry("off", false));
        assertThat(checkout.defaultVariant()).isEqualTo("off");
        assertThat(checkout.metadata()).containsEntry("expiresAt", "2026-12-31");
        assertThat(checkout.otherKeys()).containsExactly(Map.entry("x-team", "payments"));
        assertThat(set.flag("price-test").orElseThrow().variants()).containsExactly(Map.entry("low", 9.5),
                Map.entry("high", 12L));
        assertThat(set.flag("layout").orElseThrow().defaultVariant()).isNull();
        assertThat(set.evaluators()).containsOnlyKeys("staff");
        assertThat(set.metadata()).containsEntry("flagSetId", "shop").containsEntry("version", 2L);
    }

    @Test
    void changingOneFlagKeepsEveryOtherKeyAndFlagAsItWas() throws Exception {
        FlagSet set = FlagSet.parse(SHOP);
        FlagSet changed = set.withFlag(set.flag("banner-color").orElseThrow().withState(FlagState.ENABLED));
        JsonNode before = JsonValues.MAPPER.readTree(SHOP);
        JsonNode after = JsonValues.MAPPER.readTree(changed.toJson());
        assertThat(after.get("x-managed-by")).isEqualTo(before.get("x-managed-by"));
        assertThat(after.get("$schema")).isEqualTo(before.get("$schema"));
        assertThat(after.get("$evaluators")).isEqualTo(before.get("$evaluators"));
        assertThat(after.get("metadata")).isEqualTo(before.get("metadata"));
        // The untouched flag keeps its unknown key and its own key order (targeting first), text for text.
        assertThat(JsonValues.MAPPER.writeValueAsString(after.at("/flags/new-checkout")))
                .isEqualTo(JsonValues.MAPPER.writeValueAsString(before.at("/flags/new-checkout")));
        assertThat(after.at("/flags/banner-color/state").asText()).isEqualTo("ENABLED");
        assertThat(after.at("/flags/price-test/variants/high").isIntegralNumber()).isTrue();
        // Flags stay in their places.
        assertThat(changed.flags().keySet()).containsExactly("new-checkout", "banner-color", "price-test", "layout");
    }

    @Test
    void aRewrittenFlagKeepsItsUnknownKeysAndIntegralNumbers() {
        FlagSet set = FlagSet.parse(SHOP);
        FlagSet changed = set.withFlag(set.flag("new-checkout").orElseThrow().withMetadata("stage", "rolling-out"));
        FlagDefinition checkout = FlagSet.parse(changed.toJson()).flag("new-checkout").orElseThrow();
        assertThat(checkout.otherKeys()).containsEntry("x-team", "payments");
        assertThat(checkout.metadata()).containsEntry("stage", "rolling-out").containsEntry("owner", "payments");
        assertThat(changed.toJson()).contains("[ \"on\", 25 ]").doesNotContain("25.0");
    }

    @Test
    void addsAndRemovesFlagsAndEvaluators() {
        FlagSet set = FlagSet.empty()
                .withEvaluator("eu", Map.of("in", List.of(Map.of("var", "country"), List.of("DE", "FR"))))
                .withFlag(FlagDefinition.of("eu-only", Map.of("on", true, "off", false), "off")
                        .withTargeting(Map.of("if", List.of(Map.of("$ref", "eu"), "on", "off"))));
        PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse(set.toJson()));
        assertThat(evaluator.evaluate("eu-only", EvaluationContext.of("u").with("country", "FR")).variant())
                .isEqualTo("on");
        assertThat(set.toJson()).startsWith("{\n  \"$schema\" : \"" + FlagSet.SCHEMA + "\",\n  \"flags\" : {\n");
        assertThat(set.withoutFlag("eu-only").flags()).isEmpty();
        assertThat(set.withoutFlag("absent")).isEqualTo(set);
    }

    @Test
    void aRoundTripChangesNothing() {
        FlagSet set = FlagSet.parse(SHOP);
        assertThat(FlagSet.parse(set.toJson())).isEqualTo(set);
    }

    @Test
    void anInvalidChangeIsRefusedAndTheSetStaysAsItWas() {
        FlagSet set = FlagSet.parse(SHOP);
        String json = set.toJson();
        FlagDefinition broken = set.flag("banner-color").orElseThrow().withDefaultVariant("green");
        assertThatThrownBy(() -> set.withFlag(broken)).isInstanceOf(InvalidFlagSetException.class)
                .hasMessage("invalid flag set: flag 'banner-color', defaultVariant: 'green' is not one of its"
                        + " variants (blue, red)");
        assertThat(set.toJson()).isEqualTo(json);
        assertThatThrownBy(() -> set.withEvaluator("staff", Map.of("nope", 1)))
                .hasMessageContaining("$evaluators.staff: unknown operator 'nope'")
                .hasMessageContaining("flag 'new-checkout', targeting: unknown operator 'nope'");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        InvalidFlagSetException e = invalid("""
                {"metadata": {"team": ["a"]},
                 "flags": {
                   "a": {"state": "ON", "variants": {"x": 1}, "defaultVariant": "x"},
                   "b": {"state": "ENABLED", "variants": {"on": true, "off": "no"}, "defaultVariant": "maybe"},
                   "c": {"variants": {}, "metadata": {"owner": {"name": "x"}}}
                 }}
                """);
        assertThat(e.problems()).extracting(FlagProblem::toString).containsExactly(
                "metadata.team: is array; metadata values must be strings, numbers or booleans (flagd schema)",
                "flag 'a', state: is \"ON\"; must be ENABLED or DISABLED",
                "flag 'b', variants: mix types: boolean (on), string (off); all variants of a flag must have one type",
                "flag 'b', defaultVariant: 'maybe' is not one of its variants (on, off)",
                "flag 'c', state: missing; must be ENABLED or DISABLED",
                "flag 'c', variants: is {}; must be an object with at least one variant",
                "flag 'c', metadata.owner: is object; metadata values must be strings, numbers or booleans"
                        + " (flagd schema)");
    }

    @Test
    void rejectsFractionalWeightsThatAreNotIntegersOrSumToZero() {
        assertThat(problem(flagWithTargeting("{\"fractional\": [[\"on\", 12.5], [\"off\", 87.5]]}")))
                .isEqualTo("flag 'f', targeting: fractional: the weight of variant \"on\" is 12.5, not an integer"
                        + " (write 12.5% as 125 of 1000)");
        assertThat(problem(flagWithTargeting("{\"fractional\": [{\"var\": \"email\"}, [\"on\", 0], [\"off\", 0]]}")))
                .isEqualTo("flag 'f', targeting: fractional: the weights sum to 0, so every user gets the default"
                        + " variant");
        assertThat(problem(flagWithTargeting("{\"fractional\": [[\"on\", \"25\"], [\"off\", 75]]}")))
                .isEqualTo("flag 'f', targeting: fractional: the weight of variant \"on\" must be a number, was \"25\"");
        // A computed weight (a time-based ramp) cannot be checked before it is evaluated.
        FlagSet.parse(flagWithTargeting("{\"fractional\": [[\"on\", {\"-\": [{\"var\": \"$flagd.timestamp\"},"
                + " 1767225600]}], [\"off\", 0]]}"));
    }

    @Test
    void rejectsReferencesToMissingEvaluatorsAndReferencesInsideEvaluators() {
        assertThat(problem(flagWithTargeting("{\"if\": [{\"$ref\": \"beta-users\"}, \"on\", \"off\"]}")))
                .isEqualTo("flag 'f', targeting: $ref 'beta-users' names no entry of $evaluators (there are none)");
        assertThat(problem("""
                {"$evaluators": {"a": {"==": [1, 1]}, "b": {"!": {"$ref": "a"}}}, "flags": {}}
                """)).isEqualTo("$evaluators.b: contains a $ref; flagd does not resolve references inside an evaluator,"
                + " so inline the referenced rule");
    }

    @Test
    void rejectsUnknownOperatorsAndResultsThatAreNoVariant() {
        assertThat(problem(flagWithTargeting("{\"if\": [{\"contains_any\": [[\"a\"], [\"a\"]]}, \"on\", \"off\"]}")))
                .startsWith("flag 'f', targeting: unknown operator 'contains_any' (operators: ! !! != !== % * + - /")
                .contains("fractional", "sem_ver", "starts_with", "var");
        assertThat(problem(flagWithTargeting("{\"if\": [{\"==\": [{\"var\": \"x\"}, 1]}, \"onn\", "
                + "{\"fractional\": [[\"on\", 1], [\"off\", 1]]}]}")))
                .isEqualTo("flag 'f', targeting: can return 'onn', which is not one of its variants (on, off);"
                        + " flagd would answer with reason ERROR");
        // A fractional used as a condition may return booleans that are no variants.
        FlagSet.parse(flagWithTargeting("{\"if\": [{\"fractional\": [[false, 1], [true, 1]]}, \"on\", \"off\"]}"));
    }

    @Test
    void rejectsShapesFlagdConsumersCannotRead() {
        assertThat(problem("{\"flags\": [{\"key\": \"f\", \"state\": \"ENABLED\"}]}")).isEqualTo(
                "flags: must be an object keyed by flag key; the array form works only in the flagd daemon, not in"
                        + " providers or the FeatureFlag resource");
        assertThat(problem("{\"flags\": {\"f\": {\"state\": \"ENABLED\", \"variants\": {\"a\": [1]}}}}"))
                .isEqualTo("flag 'f', variants.a: is array; a variant is a boolean, string, number or object");
        assertThat(problem("{\"flags\": {\"f\": {\"state\": \"ENABLED\", \"variants\": {\"a\": 1},"
                + " \"targeting\": \"a\"}}}")).isEqualTo("flag 'f', targeting: must be a JsonLogic object, was string");
        assertThat(problem("{\"flags\": {}, \"flags\": {}}")).startsWith("(json): not valid JSON: Duplicate field"
                + " 'flags' at line 1");
        assertThat(problem("{\"flags\": {")).startsWith("(json): not valid JSON: ");
        assertThat(problem("[]")).isEqualTo("(document): must be a JSON object with a 'flags' object");
        assertThat(problem("{}")).isEqualTo("flags: missing; a flag set needs a 'flags' object (it may be empty)");
    }

    private static String flagWithTargeting(String targeting) {
        return "{\"flags\": {\"f\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false},"
                + " \"defaultVariant\": \"off\", \"targeting\": " + targeting + "}}}";
    }

    private static String problem(String json) {
        InvalidFlagSetException e = invalid(json);
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).toString();
    }

    private static InvalidFlagSetException invalid(String json) {
        try {
            FlagSet.parse(json);
        } catch (InvalidFlagSetException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }
}
