package io.jenkins.plugins.progressive.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Who gets what: the shares a step prints before it writes. */
class FlagPreviewTest {

    private static final String FLAGS = """
            {"flags": {
              "checkout": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                           "targeting": {"if": [{"in": [{"var": "targetingKey"}, ["qa-1", "qa-2"]]}, "on",
                                                {"fractional": [["on", 25], ["off", 75]]}]}},
              "killed": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off"},
              "by-email": {"state": "ENABLED", "variants": {"a": "A", "b": "B"}, "defaultVariant": "b",
                           "targeting": {"fractional": [{"cat": [{"var": "$flagd.flagKey"}, {"var": "email"}]},
                                                        ["a", 1], ["b", 1]]}}
            }}
            """;

    private final PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse(FLAGS));

    @ParameterizedTest(name = "weights {0}")
    @CsvSource(delimiter = '|', textBlock = """
            25,75
            50,50
            1,99
            10,20,30,40
            125,875
            333,333,334
            """)
    void sharesMatchTheWeightsWithinOnePointOverTenThousandUsers(String weights) {
        List<Long> parsed = List.of(weights.split(",")).stream().map(Long::valueOf).toList();
        StringBuilder variants = new StringBuilder();
        StringBuilder distributions = new StringBuilder();
        for (int i = 0; i < parsed.size(); i++) {
            variants.append(i == 0 ? "" : ",").append("\"v").append(i).append("\":").append(i);
            distributions.append(",[\"v").append(i).append("\",").append(parsed.get(i)).append("]");
        }
        PreviewEvaluator split = new PreviewEvaluator(FlagSet.parse("{\"flags\": {\"split\": {\"state\": \"ENABLED\","
                + " \"variants\": {" + variants + "}, \"defaultVariant\": \"v0\","
                + " \"targeting\": {\"fractional\": [" + distributions.substring(1) + "]}}}}"));
        FlagPreview preview = FlagPreview.of(split, "split", List.of());
        long total = parsed.stream().mapToLong(Long::longValue).sum();
        assertThat(preview.syntheticUsers()).isEqualTo(FlagPreview.DEFAULT_SYNTHETIC_USERS);
        assertThat(preview.shares()).hasSize(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            FlagPreview.Share share = preview.shares().get(i);
            assertThat(share.variant()).isEqualTo("v" + i);
            assertThat(share.percent()).as(share.label()).isCloseTo(100.0 * parsed.get(i) / total, within(1.0));
        }
        assertThat(preview.shares().stream().mapToInt(FlagPreview.Share::users).sum()).isEqualTo(10_000);
    }

    @Test
    void showsSharesAndTestUsersAsTheBuildLogPrintsThem() {
        FlagPreview preview = FlagPreview.of(evaluator, "checkout",
                List.of(EvaluationContext.of("qa-1"), EvaluationContext.of("synthetic-user-0")));
        assertThat(preview.fractional()).isTrue();
        List<String> lines = preview.lines();
        assertThat(lines.get(0)).isEqualTo("flag 'checkout': who gets what among 10000 synthetic users");
        assertThat(lines.get(1)).matches("  on  +\\d+   2\\d\\.\\d%");
        assertThat(lines.get(2)).matches("  off +\\d+   7\\d\\.\\d%");
        assertThat(lines.get(3)).isEqualTo("  test user qa-1 -> on (TARGETING_MATCH)");
        assertThat(lines.get(4)).startsWith("  test user synthetic-user-0 -> ");
        assertThat(lines.get(5)).isEqualTo("  percentages use flagd's current fractional hash; they hold for "
                + PreviewEvaluator.FRACTIONAL_V2_CONSUMERS);
        // Deterministic: the same set gives the same preview on every run and every machine.
        assertThat(FlagPreview.of(evaluator, "checkout", List.of())).isEqualTo(FlagPreview.of(
                new PreviewEvaluator(FlagSet.parse(FLAGS)), "checkout", List.of()));
    }

    @Test
    void aDisabledFlagShowsEveryoneOnTheCodeDefault() {
        FlagPreview preview = FlagPreview.of(evaluator, "killed", List.of(EvaluationContext.of("qa-1")));
        assertThat(preview.shares()).extracting(FlagPreview.Share::label, FlagPreview.Share::users).containsExactly(
                org.assertj.core.groups.Tuple.tuple("on", 0), org.assertj.core.groups.Tuple.tuple("off", 0),
                org.assertj.core.groups.Tuple.tuple("(code default: DISABLED)", 10_000));
        assertThat(preview.lines()).contains("  test user qa-1 -> code default (DISABLED)");
        assertThat(preview.fractional()).isFalse();
    }

    @Test
    void syntheticUsersCarryTheAttributesTheTargetingBucketsOn() {
        FlagPreview withoutEmail = FlagPreview.of(evaluator, "by-email", List.of());
        assertThat(withoutEmail.shares().stream().map(FlagPreview.Share::label).collect(Collectors.toList()))
                .containsExactly("a", "b");
        // cat() of a missing email is just the flag key: everyone lands in one bucket, which the preview shows.
        assertThat(withoutEmail.shares()).anyMatch(share -> share.users() == 10_000);
        FlagPreview withEmail = FlagPreview.of(evaluator, "by-email", 2000,
                i -> EvaluationContext.of("u" + i).with("email", "user" + i + "@example.com"), List.of());
        assertThat(withEmail.shares()).allMatch(share -> Math.abs(share.percent() - 50) < 4);
    }

    @Test
    void needsAtLeastOneSyntheticUser() {
        assertThatThrownBy(() -> FlagPreview.of(evaluator, "checkout", 0, FlagPreview::syntheticUser, List.of()))
                .hasMessage("syntheticUsers: must be at least 1, was 0");
    }
}
