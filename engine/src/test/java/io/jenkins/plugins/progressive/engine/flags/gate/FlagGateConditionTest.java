package io.jenkins.plugins.progressive.engine.flags.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A flag as a release condition: the share of 10 000 synthetic users, targeting and fractional honoured. */
class FlagGateConditionTest {

    private static final String WHERE = "FeatureFlag shop/shop-flags";
    private static final FlagSet FLAGS = FlagSet.parse("""
            {"flags": {
              "twenty": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                         "targeting": {"fractional": [["on", 20], ["off", 80]]}},
              "forty": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                        "targeting": {"fractional": [["on", 40], ["off", 60]]}},
              "qa-then-ten": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                              "targeting": {"if": [{"starts_with": [{"var": "targetingKey"}, "synthetic-user-1"]}, "on",
                                                   {"fractional": [["on", 10], ["off", 90]]}]}},
              "by-email": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                           "targeting": {"$ref": "email-split"}},
              "killed": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"}
            },
            "$evaluators": {"email-split": {"fractional": [{"cat": [{"var": "$flagd.flagKey"}, {"var": "email"}]},
                                                             ["on", 25], ["off", 75]]}}}
            """);

    private static FlagGateResult check(String flag, FlagGateCondition condition) {
        return condition.check(FLAGS, flag, WHERE, Clock.systemUTC());
    }

    @Test
    void aShareBelowTheMaximumHoldsAndOneAboveItDoesNotNamingFlagStoreAndNumbers() {
        FlagGateResult twenty = check("twenty", FlagGateCondition.maxPercent("on", 25));
        FlagGateResult forty = check("forty", FlagGateCondition.maxPercent("on", 25));

        assertThat(twenty.holds()).as(twenty.message()).isTrue();
        assertThat(twenty.percent()).isCloseTo(20.0, within(1.0));
        assertThat(forty.holds()).isFalse();
        assertThat(forty.percent()).isCloseTo(40.0, within(1.0));
        assertThat(forty.message()).contains("flag 'forty'").contains(WHERE).contains("serves 'on' to 4")
                .contains("of 10000 synthetic users").contains("more than the gate's 25%");
        System.out.println(twenty.message() + "\n" + forty.message());
    }

    @Test
    void targetingRulesCountBeforeTheSplit() {
        // synthetic-user-1, -10..-19, -100..-199, -1000..-1999: 1 111 of 10 000 match the rule, 10% of the rest split.
        FlagGateResult result = check("qa-then-ten", FlagGateCondition.maxPercent("on", 25));

        assertThat(result.percent()).isCloseTo(11.11 + 0.1 * 88.89, within(1.0));
        assertThat(result.holds()).isTrue();
        assertThat(check("qa-then-ten", new FlagGateCondition(null, "on", 25.0, null)).message())
                .contains("less than the gate's 25%");
    }

    @Test
    void splitsBucketingOnAnAttributeGetSyntheticUsersWithThatAttributeEvenThroughRef() {
        FlagGateResult result = check("by-email", FlagGateCondition.maxPercent("on", 30));

        assertThat(result.percent()).as("not 0 or 100: each user has its own e-mail").isCloseTo(25.0, within(1.0));
    }

    @Test
    void stateMissingFlagsAndUnknownVariantsDecideWithoutAShare() {
        assertThat(check("killed", FlagGateCondition.state(FlagState.ENABLED)).message())
                .contains("is DISABLED, the gate needs ENABLED");
        assertThat(check("twenty", FlagGateCondition.state(FlagState.ENABLED)).holds()).isTrue();
        assertThat(check("killed", FlagGateCondition.maxPercent("on", 5)).percent())
                .as("a disabled flag serves no variant").isZero();
        FlagGateResult missing = check("nope", FlagGateCondition.maxPercent("on", 25));
        assertThat(missing.holds()).isFalse();
        assertThat(missing.message()).contains("flag 'nope'").contains("does not exist").contains("twenty");
        assertThat(check("twenty", FlagGateCondition.maxPercent("blue", 25)).message())
                .contains("has no variant 'blue'");
    }

    @Test
    void badConditionsAreRefused() {
        assertThatThrownBy(() -> new FlagGateCondition(null, null, null, null)).hasMessageContaining("give a condition");
        assertThatThrownBy(() -> new FlagGateCondition(null, null, null, 25.0)).hasMessageContaining("variant");
        assertThatThrownBy(() -> FlagGateCondition.maxPercent("on", 125)).hasMessageContaining("outside 0..100");
        assertThatThrownBy(() -> new FlagGateCondition(null, "on", 50.0, 25.0)).hasMessageContaining("above maxPercent");
        assertThat(new FlagGateCondition(FlagState.ENABLED, "on", 10.0, 25.0).describe())
                .isEqualTo("state ENABLED and 'on' 10-25%");
    }
}
