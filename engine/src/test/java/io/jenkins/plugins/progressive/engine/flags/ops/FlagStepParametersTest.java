package io.jenkins.plugins.progressive.engine.flags.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The step's named parameters, as Groovy passes them (GStrings, BigDecimals), become the request the docs describe. */
class FlagStepParametersTest {

    /** Stands in for a Groovy GString: a CharSequence that is not a String. */
    private static CharSequence gstring(String text) {
        return new StringBuilder(text);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i].toString(), keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void oneFlagsChangesApplyInTheDocumentedOrder() {
        FlagChangeRequest request = FlagStepParameters.parse(map(
                "cluster", "prod", "namespace", "shop", "configMap", "flags", "reason", "launch",
                "flag", gstring("new-checkout"),
                "lifecycle", map("owner", "team-pay", "expiresAt", "2027-01-31", "stage", "rolling-out"),
                "percentage", new BigDecimal("12.5"), "bucketBy", "email",
                "rules", List.of(map("variant", "on", "users", List.of("qa-1", gstring("qa-2"))),
                        map("variant", "on", "segment", "beta"),
                        map("variant", "off", "regions", List.of("cn-north")),
                        map("variant", "on", "attribute", "appVersion", "op", "sem_ver >=", "value", "2.0.0")),
                "create", true,
                "segments", map("beta", List.of(map("attribute", "email", "op", "ends_with", "value", "@beta.example"))),
                "testUsers", List.of("qa-1", map("targetingKey", "u2", "email", "u2@beta.example")),
                "dryRun", true));

        assertThat(request.operations()).extracting(operation -> operation.getClass().getSimpleName())
                .containsExactly("DefineSegment", "CreateFlag", "SetTargeting", "PercentageRollout", "SetLifecycle");
        assertThat(request.operations().get(1)).isEqualTo(CreateFlag.bool("new-checkout", false));
        assertThat(request.operations().get(3)).isEqualTo(new PercentageRollout("new-checkout", "on", null, 12.5,
                "email", null));
        SetTargeting targeting = (SetTargeting) request.operations().get(2);
        assertThat(targeting.rules().get(0).conditions().get(0)).isEqualTo(new Condition.UserIds(List.of("qa-1",
                "qa-2")));
        assertThat(targeting.rules().get(3).conditions().get(0)).isEqualTo(new Condition.Attribute("appVersion",
                MatchOperator.SEM_VER_AT_LEAST, "2.0.0"));
        assertThat(request.operations().get(4)).isEqualTo(new SetLifecycle("new-checkout", "team-pay", "2027-01-31",
                Lifecycle.Stage.ROLLING_OUT, Map.of()));
        assertThat(request.testUsers()).containsExactly(EvaluationContext.of("qa-1"),
                new EvaluationContext(null, map("targetingKey", "u2", "email", "u2@beta.example")));
        assertThat(request.dryRun()).isTrue();
    }

    @Test
    void rampsExperimentsKillSwitchesAndOperationsLists() {
        FlagChangeRequest ramp = FlagStepParameters.parse(map("flag", "search", "percentage", 50,
                "ramp", map("from", 10, "start", "2026-12-01T00:00:00Z", "end", "2026-12-05T00:00:00Z", "steps", 4)));
        assertThat(((PercentageRollout) ramp.operations().get(0)).ramp()).isEqualTo(new PercentageRollout.Ramp(10,
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z"), 4));

        FlagChangeRequest experiment = FlagStepParameters.parse(map("flag", "feed", "experiment",
                map("id", "feed-1", "weights", map("control", 50, "ranked", 50))));
        assertThat(((Experiment) experiment.operations().get(0)).weights()).containsEntry("control", 50L);

        FlagChangeRequest many = FlagStepParameters.parse(map("operations", List.of(
                map("flag", "banner", "killSwitch", "blue"),
                map("flag", "checkout", "killSwitch", true),
                map("flag", "old", "archive", true),
                map("flag", "new", "enabled", false))));
        assertThat(many.operations()).containsExactly(new KillSwitch("banner", "blue"), new KillSwitch("checkout", null),
                new ArchiveFlag("old"), new SetState("new", FlagState.DISABLED));
    }

    @Test
    void mistakesNameTheParameter() {
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percent", 20)))
                .hasMessageStartingWith("percent is not a parameter here; allowed: ");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", 130)))
                .hasMessage("percentage must be 0..100, was 130");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", "25")))
                .hasMessage("percentage must be a number, was '25'");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "rules",
                List.of(map("variant", "on", "attribute", "age", "op", "older", "value", 3)))))
                .hasMessageStartingWith("op must be one of ");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "rules", List.of(map("variant", "on",
                "user", List.of("a"))))))
                .hasMessageStartingWith("rules[0].user is not a parameter here; allowed: ");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("percentage", 5)))
                .hasMessage("flag is required with percentage");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "bucketBy", "email")))
                .hasMessage("bucketBy belongs to percentage, which is missing");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "experiment", map("id", "e",
                "weights", map("a", 12.5, "b", 87.5)))))
                .hasMessageContaining("must be a whole number >= 0");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "killSwitch", false)))
                .hasMessageStartingWith("killSwitch must be true (disable the flag) or the name of the variant");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", 5, "ramp",
                map("start", "tomorrow", "end", "2026-12-05T00:00:00Z"))))
                .hasMessage("ramp.start must be an instant such as 2026-12-01T09:00:00Z, was 'tomorrow'");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f")))
                .hasMessageStartingWith("flag: name a flag and a change");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "archive", true,
                "operations", List.of())))
                .hasMessage("operations: give either flag with its changes, or operations, not both");
    }

    @Test
    void numbersAreReadExactlyNeverTruncatedAndNaNIsRefusedByName() {
        String start = "2026-12-01T00:00:00Z";
        String end = "2026-12-05T00:00:00Z";
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", 50, "ramp",
                map("start", start, "end", end, "steps", 2.7))))
                .hasMessage("ramp.steps must be a whole number 1..100, was 2.7");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", 50, "ramp",
                map("start", start, "end", end, "steps", 4294967297L))))
                .hasMessage("ramp.steps must be a whole number 1..100, was 4294967297");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", 50, "ramp",
                map("start", start, "end", end, "steps", Double.NaN))))
                .hasMessage("ramp.steps must be a whole number 1..100, was NaN");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", Double.NaN)))
                .hasMessage("percentage must be 0..100, was NaN");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "percentage", Double.NEGATIVE_INFINITY)))
                .hasMessage("percentage must be 0..100, was -Infinity");
        assertThatThrownBy(() -> FlagStepParameters.parse(map("flag", "f", "experiment", map("id", "e",
                "weights", map("a", Double.NaN, "b", 1)))))
                .hasMessageContaining("must be a whole number >= 0").hasMessageEndingWith("was NaN");
        assertThat(FlagStepParameters.parse(map("flag", "f", "percentage", 50, "ramp",
                map("start", start, "end", end, "steps", 4.0))).operations())
                .singleElement().satisfies(op -> assertThat(((PercentageRollout) op).ramp().steps()).isEqualTo(4));
    }
}
