package io.jenkins.plugins.progressive.engine.flags.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules and fallthrough are read back from the targeting this tool writes, so operations compose. */
class FlagTargetingLayoutTest {

    private static final Object RULE = Map.of("in", List.of(Map.of("var", "targetingKey"), List.of("qa-1")));
    private static final Object SPLIT = Splits.percentage("on", "off", 25, null);

    @Test
    void rulesThenSplitReadBackAsWritten() {
        Object targeting = new TargetingLayout(List.of(RULE, "on"), SPLIT).toTargeting();
        assertThat(targeting).isEqualTo(Map.of("if", List.of(RULE, "on", SPLIT)));
        TargetingLayout read = TargetingLayout.of(targeting);
        assertThat(read.rules()).containsExactly(RULE, "on");
        assertThat(read.fallthrough()).isEqualTo(SPLIT);
    }

    @Test
    void aRampIsFlattenedBehindTheRulesAndReadBackAsTheFallthrough() {
        Object step = Map.of("<", List.of(Map.of("var", "$flagd.timestamp"), 100L));
        Object ramp = Map.of("if", List.of(step, Splits.percentage("on", "off", 10, null), SPLIT));
        Object targeting = new TargetingLayout(List.of(RULE, "on"), ramp).toTargeting();
        assertThat(targeting).isEqualTo(Map.of("if", List.of(RULE, "on", step,
                Splits.percentage("on", "off", 10, null), SPLIT)));
        TargetingLayout read = TargetingLayout.of(targeting);
        assertThat(read.rules()).containsExactly(RULE, "on");
        assertThat(read.fallthrough()).isEqualTo(ramp);
        assertThat(TargetingLayout.of(ramp).rules()).isEmpty();
    }

    @Test
    void handWrittenTargetingThatIsNoChainIsTheFallthrough() {
        Object rule = Map.of("==", List.of(Map.of("var", "tier"), "gold"));
        TargetingLayout read = TargetingLayout.of(rule);
        assertThat(read.rules()).isEmpty();
        assertThat(read.fallthrough()).isEqualTo(rule);
        assertThat(TargetingLayout.of(null).toTargeting()).isNull();
    }

    @Test
    void percentagesBecomeIntegerWeights() {
        assertThat(Splits.percentage("on", "off", 25, null))
                .isEqualTo(Map.of("fractional", List.of(List.of("on", 25L), List.of("off", 75L))));
        assertThat(Splits.percentage("on", "off", 12.5, "email")).isEqualTo(Map.of("fractional", List.of(
                Map.of("cat", List.of(Map.of("var", "$flagd.flagKey"), Map.of("var", "email"))),
                List.of("on", 1250L), List.of("off", 8750L))));
        assertThat(Splits.soleVariant(Splits.percentage("on", "off", 100, null))).isEqualTo("on");
        assertThat(Splits.soleVariant(SPLIT)).isNull();
    }
}
