package io.jenkins.plugins.progressive.engine.flags.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is refused when the value is built or applied, with a message that names the parameter. */
class FlagOperationInputTest {

    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    private static final FlagSet SET = FlagSet.parse("""
            {"$evaluators": {"staff": {"ends_with": [{"var": "email"}, "@shop.example"]}},
             "flags": {"checkout": {"state": "ENABLED", "variants": {"on": true, "off": false},
                                    "defaultVariant": "off"}}}
            """);

    @Test
    void percentageOutsideZeroToHundred() {
        assertThatThrownBy(() -> PercentageRollout.of("checkout", "on", 130))
                .isInstanceOf(FlagOperationException.class).hasMessage("percentage must be 0..100, was 130");
        assertThatThrownBy(() -> PercentageRollout.of("checkout", "on", -1))
                .hasMessage("percentage must be 0..100, was -1");
        assertThatThrownBy(() -> PercentageRollout.of("checkout", "on", 12.345))
                .hasMessage("percentage may have at most two decimals, was 12.345");
    }

    @Test
    void unknownFlagOnUpdate() {
        assertThatThrownBy(() -> SetState.enable("nope").applyTo(SET, NOW))
                .hasMessage("flag: unknown flag 'nope' (flags: checkout); create it first");
    }

    @Test
    void variantTypesMixed() {
        Map<String, Object> variants = new LinkedHashMap<>();
        variants.put("on", true);
        variants.put("blue", "#00f");
        assertThatThrownBy(() -> new SetVariants("checkout", variants, null))
                .hasMessage("variants mix types: boolean (on), string (blue); all variants of a flag must have one type");
        assertThatThrownBy(() -> new SetVariants("checkout", Map.of("list", List.of(1)), null))
                .hasMessage("variants.list must be a boolean, string, number or object (map), was ImmutableCollections.List12"
                        .replace("ImmutableCollections.List12", List.of(1).getClass().getSimpleName()));
    }

    @Test
    void defaultVariantNotAmongVariants() {
        assertThatThrownBy(() -> new CreateFlag("f", Map.of("a", "A"), "b", FlagState.ENABLED, null))
                .hasMessage("defaultVariant: 'b' is not among variants (a)");
        assertThatThrownBy(() -> new SetDefaultVariant("checkout", "maybe").applyTo(SET, NOW))
                .hasMessage("defaultVariant: 'maybe' is not a variant of flag 'checkout' (on, off)");
    }

    @Test
    void weightsNotIntegersOrSummingToZero() {
        assertThatThrownBy(() -> Experiment.of("checkout", "exp-1", Map.of("on", 12.5, "off", 875), null))
                .hasMessage("weights.on must be a whole number >= 0 (flagd weights are integers: write 125 and 875 for"
                        + " 12.5% and 87.5%), was 12.5");
        assertThatThrownBy(() -> Experiment.of("checkout", "exp-1", Map.of("on", 0, "off", 0), null))
                .hasMessage("weights sum to 0; at least one variant needs a weight above 0");
        assertThatThrownBy(() -> Experiment.of("checkout", "exp-1", Map.of("on", 1), null))
                .hasMessage("weights must name at least two variants, was [on]");
    }

    @Test
    void targetingReferringToAnUndefinedSegment() {
        SetTargeting targeting = new SetTargeting("checkout",
                List.of(TargetingRule.of("on", new Condition.InSegment("beta"))));
        assertThatThrownBy(() -> targeting.applyTo(SET, NOW)).hasMessage("rules[0].segment: 'beta' is not defined in "
                + "$evaluators (defined: staff); define it with a segment operation first");
    }

    @Test
    void nonPrimitiveMetadata() {
        assertThatThrownBy(() -> new SetLifecycle("checkout", null, null, null, Map.of("links", List.of("a"))))
                .hasMessageStartingWith("metadata.links must be a string, number or boolean");
        assertThatThrownBy(() -> new SetLifecycle("checkout", null, "next week", null, null))
                .hasMessage("expiresAt must be a date (2026-12-31) or an instant (2026-12-31T18:00:00Z), was 'next week'");
        assertThatThrownBy(() -> Lifecycle.Stage.parse("done", "stage"))
                .hasMessage("stage must be one of new, rolling-out, fully-on, stale, archived; was 'done'");
    }

    @Test
    void attributeRulesCheckTheirValues() {
        assertThatThrownBy(() -> new Condition.Attribute("appVersion", MatchOperator.SEM_VER_AT_LEAST, "two"))
                .hasMessage("value for 'sem_ver >=' must be a version such as 1.2.3 or v2.0, was two");
        assertThatThrownBy(() -> new Condition.Attribute("age", MatchOperator.parse(">="), "18"))
                .hasMessage("value for '>=' must be a number, was 18");
        assertThatThrownBy(() -> Condition.Attribute.regions(List.of()))
                .hasMessage("value for 'in' must be a non-empty list of strings or numbers, was []");
        assertThatThrownBy(() -> MatchOperator.parse("like")).hasMessageStartingWith("op must be one of equals, in, ");
        assertThatThrownBy(() -> new DefineSegment("a", List.of(new Condition.InSegment("b"))))
                .hasMessageContaining("flagd does not resolve $ref inside $evaluators");
    }

    @Test
    void rampsAndKillSwitchesCheckTheirParameters() {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        assertThatThrownBy(() -> new PercentageRollout.Ramp(10, start, start, 4))
                .hasMessageStartingWith("ramp.end must be after ramp.start");
        assertThatThrownBy(() -> new PercentageRollout.Ramp(10, start, start.plusSeconds(60), 0))
                .hasMessage("ramp.steps must be 1..100, was 0");
        assertThatThrownBy(() -> new KillSwitch("checkout", "dark").applyTo(SET, NOW))
                .hasMessage("offVariant: 'dark' is not a variant of flag 'checkout' (on, off)");
        assertThatThrownBy(() -> new PercentageRollout("checkout", "on", "on", 5, null, null))
                .hasMessage("otherVariant must differ from variant, both were 'on'");
    }

    @Test
    void aRequestNamesTheFailingOperationAndLeavesTheSetAlone() {
        FlagChangeRequest request = FlagChangeRequest.of(SetState.disable("checkout"), SetState.enable("nope"));
        assertThatThrownBy(() -> request.applyTo(SET, NOW)).hasMessage("operation 2 of 2 (enable 'nope'): flag: "
                + "unknown flag 'nope' (flags: checkout); create it first");
        assertThat(SET.flag("checkout").orElseThrow().state()).isEqualTo(FlagState.ENABLED);
    }
}
