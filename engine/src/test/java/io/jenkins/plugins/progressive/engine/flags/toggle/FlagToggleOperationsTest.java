package io.jenkins.plugins.progressive.engine.flags.toggle;

import static io.jenkins.plugins.progressive.engine.flags.toggle.StoredSet.assertOnlyChanged;
import static io.jenkins.plugins.progressive.engine.flags.toggle.StoredSet.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.EvaluationReason;
import io.jenkins.plugins.progressive.engine.flags.FlagEvaluation;
import io.jenkins.plugins.progressive.engine.flags.FlagPreview;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.PreviewEvaluator;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditTrail;
import io.jenkins.plugins.progressive.engine.flags.ops.Condition;
import io.jenkins.plugins.progressive.engine.flags.ops.CreateFlag;
import io.jenkins.plugins.progressive.engine.flags.ops.DefineSegment;
import io.jenkins.plugins.progressive.engine.flags.ops.Experiment;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.KillSwitch;
import io.jenkins.plugins.progressive.engine.flags.ops.Lifecycle;
import io.jenkins.plugins.progressive.engine.flags.ops.MatchOperator;
import io.jenkins.plugins.progressive.engine.flags.ops.PercentageRollout;
import io.jenkins.plugins.progressive.engine.flags.ops.SetLifecycle;
import io.jenkins.plugins.progressive.engine.flags.ops.SetState;
import io.jenkins.plugins.progressive.engine.flags.ops.SetTargeting;
import io.jenkins.plugins.progressive.engine.flags.ops.SetVariants;
import io.jenkins.plugins.progressive.engine.flags.ops.TargetingRule;
import io.jenkins.plugins.progressive.engine.flags.store.StoreKind;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each operation against both stores on the sandbox: the JSON actually stored changes exactly as the operation says and
 * nothing else does, and flagd's evaluation of it (the preview evaluator, conformance-tested against flagd) gives
 * listed users what the operation promises.
 */
class FlagToggleOperationsTest {

    static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Sandbox sandbox;
    private static KubernetesClient client;
    private final FlagToggle toggle = new FlagToggle(Clock.fixed(NOW, ZoneOffset.UTC), 5);

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).prometheus(Sandbox.PrometheusChoice.NONE).start();
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static StoredSet seeded(StoreKind kind) {
        return StoredSet.seeded(kind, client, "ops-" + NAMES.incrementAndGet());
    }

    private FlagChangeResult apply(StoredSet set, FlagChangeRequest request) {
        return toggle.change(set.store(), request, "https://ci.example/job/shop/42/", "test");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void createThenDisableThenEnableABooleanFlag(StoreKind kind) {
        StoredSet set = seeded(kind);
        JsonNode before = set.tree();
        FlagChangeResult created = apply(set, FlagChangeRequest.of(CreateFlag.bool("dark-mode", false)));

        assertThat(set.flag("dark-mode")).isEqualTo(json("""
                {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                 "metadata": {"createdAt": "2026-11-26T09:00:00Z", "stage": "new",
                              "stageSince": "2026-11-26T09:00:00Z"}}"""));
        assertOnlyChanged(before, set.tree(), Set.of("dark-mode"));
        assertThat(created.written()).isTrue();
        assertThat(created.created()).isFalse();
        assertThat(created.resourceVersion()).isEqualTo(set.resourceVersion());
        assertThat(created.changes()).extracting(FlagChange::flagKey, FlagChange::before)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dark-mode", null));
        assertThat(created.previews().get("dark-mode").shares().get(1).users()).isEqualTo(10_000);
        assertThat(set.evaluate("dark-mode", EvaluationContext.of("u1")).variant()).isEqualTo("off");

        JsonNode enabled = set.tree();
        apply(set, FlagChangeRequest.of(SetState.disable("dark-mode")));
        assertThat(set.flag("dark-mode").path("state").asText()).isEqualTo("DISABLED");
        assertThat(withoutState(set.flag("dark-mode"))).isEqualTo(withoutState(enabled.at("/flags/dark-mode")));
        assertOnlyChanged(enabled, set.tree(), Set.of("dark-mode"));
        assertThat(set.evaluate("dark-mode", EvaluationContext.of("u1")).reason()).isEqualTo(EvaluationReason.DISABLED);

        apply(set, FlagChangeRequest.of(SetState.enable("dark-mode")));
        assertThat(set.tree()).isEqualTo(enabled);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void killSwitchDisablesAndKeepsTargetingOrPinsTheOffVariantInOneWrite(StoreKind kind) {
        StoredSet set = seeded(kind);
        JsonNode before = set.tree();
        EvaluationContext staff = EvaluationContext.of("s1").with("email", "ann@shop.example");

        apply(set, FlagChangeRequest.of(new KillSwitch("banner", null)));
        assertThat(set.flag("banner").path("state").asText()).isEqualTo("DISABLED");
        assertThat(set.flag("banner").path("targeting")).isEqualTo(before.at("/flags/banner/targeting"));
        assertThat(set.evaluate("banner", staff).usesCodeDefault()).isTrue();

        String version = set.resourceVersion();
        int entries = AuditTrail.parse(set.audit()).entries().size();
        FlagChangeResult pinned = apply(set, FlagChangeRequest.of(new KillSwitch("banner", "blue")));
        assertThat(set.flag("banner")).isEqualTo(json("""
                {"state": "ENABLED", "variants": {"blue": "#00f", "red": "#f00"}, "defaultVariant": "blue",
                 "metadata": {"owner": "web"}}"""));
        assertThat(set.resourceVersion()).isNotEqualTo(version).isEqualTo(pinned.resourceVersion());
        assertThat(AuditTrail.parse(set.audit()).entries()).hasSize(entries + 1);
        assertThat(pinned.attempts()).isEqualTo(1);
        FlagEvaluation evaluation = set.evaluate("banner", staff);
        assertThat(evaluation.variant()).isEqualTo("blue");
        assertThat(evaluation.reason()).isEqualTo(EvaluationReason.STATIC);
        assertOnlyChanged(before, set.tree(), Set.of("banner"));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void variantsOfEveryTypeAndTheDefault(StoreKind kind) {
        StoredSet set = seeded(kind);
        JsonNode before = set.tree();
        Map<String, Object> colors = new LinkedHashMap<>();
        colors.put("blue", "#00f");
        colors.put("green", "#0f0");
        colors.put("red", "#f00");
        Map<String, Object> prices = new LinkedHashMap<>();
        prices.put("low", 9.5);
        prices.put("high", 12);
        Map<String, Object> layouts = new LinkedHashMap<>();
        layouts.put("compact", Map.of("columns", 2));
        layouts.put("wide", Map.of("columns", 4));
        apply(set, FlagChangeRequest.of(new SetVariants("banner", colors, "green"),
                new CreateFlag("price", prices, "low", FlagState.ENABLED, null),
                new CreateFlag("layout", layouts, "wide", FlagState.ENABLED, Map.of("owner", "web"))));

        assertThat(set.flag("banner").path("variants")).isEqualTo(json("{\"blue\":\"#00f\",\"green\":\"#0f0\",\"red\":\"#f00\"}"));
        assertThat(set.flag("banner").path("defaultVariant").asText()).isEqualTo("green");
        assertThat(set.flag("price").path("variants")).isEqualTo(json("{\"low\": 9.5, \"high\": 12}"));
        assertThat(set.flag("price").at("/variants/high").isIntegralNumber()).isTrue();
        assertThat(set.flag("layout").path("metadata").path("owner").asText()).isEqualTo("web");
        assertOnlyChanged(before, set.tree(), Set.of("banner", "price", "layout"));
        assertThat(set.evaluate("banner", EvaluationContext.of("u1")).value()).isEqualTo("#0f0");
        assertThat(set.evaluate("banner", EvaluationContext.of("u1").with("email", "a@shop.example")).value())
                .isEqualTo("#f00");
        assertThat(set.evaluate("price", EvaluationContext.of("u1")).value()).isEqualTo(9.5);
        assertThat(set.evaluate("layout", EvaluationContext.of("u1")).value()).isEqualTo(Map.of("columns", 4L));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void percentageRolloutIsAStickyIntegerSplit(StoreKind kind) {
        StoredSet set = seeded(kind);
        JsonNode before = set.tree();
        FlagChangeResult quarter = apply(set, FlagChangeRequest.of(PercentageRollout.of("checkout", "on", 25)));

        assertThat(set.flag("checkout").path("targeting"))
                .isEqualTo(json("{\"fractional\": [[\"on\", 25], [\"off\", 75]]}"));
        assertThat(set.flag("checkout").at("/metadata/stage").asText()).isEqualTo("rolling-out");
        assertOnlyChanged(before, set.tree(), Set.of("checkout"));
        FlagPreview preview = quarter.previews().get("checkout");
        assertThat(preview.shares().get(0).variant()).isEqualTo("on");
        assertThat(preview.shares().get(0).percent()).isCloseTo(25, within(1.5));
        assertThat(preview.fractional()).isTrue();
        List<String> onAtQuarter = usersOn(set, "checkout", 2000);
        assertThat(onAtQuarter.size() / 20.0).isCloseTo(25, within(3.0));

        apply(set, FlagChangeRequest.of(PercentageRollout.of("checkout", "on", 50)));
        List<String> onAtHalf = usersOn(set, "checkout", 2000);
        assertThat(onAtHalf).containsAll(onAtQuarter);
        assertThat(onAtHalf.size() / 20.0).isCloseTo(50, within(3.5));

        apply(set, FlagChangeRequest.of(new PercentageRollout("checkout", "on", null, 12.5, "email", null)));
        assertThat(set.flag("checkout").path("targeting")).isEqualTo(json("""
                {"fractional": [{"cat": [{"var": "$flagd.flagKey"}, {"var": "email"}]}, ["on", 1250], ["off", 8750]]}
                """));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aTimeRampMovesTheShareOnFlagdsClock(StoreKind kind) {
        StoredSet set = seeded(kind);
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Instant end = Instant.parse("2026-12-05T00:00:00Z");
        apply(set, FlagChangeRequest.of(new PercentageRollout("checkout", "on", null, 50, null,
                new PercentageRollout.Ramp(10, start, end, 4))));

        JsonNode targeting = set.flag("checkout").path("targeting");
        assertThat(targeting.path("if")).hasSize(9);
        assertThat(targeting.at("/if/0")).isEqualTo(json("{\"<\": [{\"var\": \"$flagd.timestamp\"}, "
                + start.plusSeconds(86_400).getEpochSecond() + "]}"));
        assertThat(targeting.at("/if/8")).isEqualTo(json("{\"fractional\": [[\"on\", 50], [\"off\", 50]]}"));
        assertThat(shareOn(set, "checkout", start.minusSeconds(3600))).isCloseTo(10, within(2.0));
        assertThat(shareOn(set, "checkout", start.plusSeconds(2 * 86_400 + 60))).isCloseTo(30, within(2.5));
        assertThat(shareOn(set, "checkout", end.plusSeconds(60))).isCloseTo(50, within(2.5));
        assertThat(set.flag("checkout").at("/metadata/stage").asText()).isEqualTo("rolling-out");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void targetingByUsersSegmentsRegionsAndAttributesFirstMatchWinsBeforeThePercentage(StoreKind kind) {
        StoredSet set = seeded(kind);
        JsonNode before = set.tree();
        apply(set, FlagChangeRequest.of(
                new DefineSegment("beta", List.of(new Condition.Attribute("email", MatchOperator.ENDS_WITH,
                        "@beta.example"))),
                PercentageRollout.of("checkout", "on", 10),
                new SetTargeting("checkout", List.of(
                        TargetingRule.of("on", new Condition.UserIds(List.of("qa-1", "qa-2"))),
                        TargetingRule.of("off", Condition.Attribute.regions(List.of("cn-north"))),
                        TargetingRule.of("on", new Condition.InSegment("beta")),
                        TargetingRule.of("on", new Condition.Attribute("appVersion", MatchOperator.SEM_VER_AT_LEAST,
                                "2.0.0"), new Condition.Attribute("plan", MatchOperator.IN, List.of("pro", "team")))))));

        assertThat(set.tree().at("/$evaluators/beta"))
                .isEqualTo(json("{\"ends_with\": [{\"var\": \"email\"}, \"@beta.example\"]}"));
        JsonNode chain = set.flag("checkout").at("/targeting/if");
        assertThat(chain).hasSize(9);
        assertThat(chain.get(4)).isEqualTo(json("{\"$ref\": \"beta\"}"));
        assertThat(chain.get(8)).isEqualTo(json("{\"fractional\": [[\"on\", 10], [\"off\", 90]]}"));
        assertOnlyChanged(before, set.tree(), Set.of("checkout"), "$evaluators");
        assertThat(set.tree().at("/$evaluators/staff")).isEqualTo(before.at("/$evaluators/staff"));

        assertThat(variant(set, EvaluationContext.of("qa-1").with("region", "cn-north"))).isEqualTo("on");
        assertThat(variant(set, EvaluationContext.of("x1").with("region", "cn-north")
                .with("email", "x@beta.example"))).isEqualTo("off");
        assertThat(variant(set, EvaluationContext.of("x2").with("email", "x@beta.example"))).isEqualTo("on");
        assertThat(variant(set, EvaluationContext.of("x3").with("appVersion", "2.1.0").with("plan", "pro")))
                .isEqualTo("on");
        FlagEvaluation old = set.evaluate("checkout", EvaluationContext.of("x4").with("appVersion", "1.9.0")
                .with("plan", "pro"));
        assertThat(old.variant()).isEqualTo(set.evaluate("checkout", EvaluationContext.of("x4")).variant());

        // A later percentage keeps the rules; later rules keep the percentage.
        apply(set, FlagChangeRequest.of(PercentageRollout.of("checkout", "on", 40)));
        assertThat(set.flag("checkout").at("/targeting/if")).hasSize(9);
        assertThat(variant(set, EvaluationContext.of("qa-2"))).isEqualTo("on");
        apply(set, FlagChangeRequest.of(new SetTargeting("checkout", List.of())));
        assertThat(set.flag("checkout").path("targeting"))
                .isEqualTo(json("{\"fractional\": [[\"on\", 40], [\"off\", 60]]}"));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anExperimentSplitsByWeightAndTagsTheFlag(StoreKind kind) {
        StoredSet set = seeded(kind);
        Map<String, Object> feeds = new LinkedHashMap<>();
        feeds.put("control", "v1");
        feeds.put("ranked", "v2");
        feeds.put("social", "v3");
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("control", 50);
        weights.put("ranked", 30);
        weights.put("social", 20);
        FlagChangeResult result = apply(set, FlagChangeRequest.of(
                new CreateFlag("feed", feeds, "control", FlagState.ENABLED, null),
                Experiment.of("feed", "feed-2026-11", weights, null)));

        assertThat(set.flag("feed").path("targeting")).isEqualTo(json(
                "{\"fractional\": [[\"control\", 50], [\"ranked\", 30], [\"social\", 20]]}"));
        assertThat(set.flag("feed").at("/metadata/experimentId").asText()).isEqualTo("feed-2026-11");
        assertThat(set.evaluate("feed", EvaluationContext.of("u1")).metadata())
                .containsEntry("experimentId", "feed-2026-11").containsEntry("flagSetId", "shop");
        List<FlagPreview.Share> shares = result.previews().get("feed").shares();
        assertThat(shares).extracting(FlagPreview.Share::variant).containsExactly("control", "ranked", "social");
        assertThat(shares.get(0).percent()).isCloseTo(50, within(1.5));
        assertThat(shares.get(1).percent()).isCloseTo(30, within(1.5));
        assertThat(shares.get(2).percent()).isCloseTo(20, within(1.5));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void lifecycleMetadataIsPrimitiveEntries(StoreKind kind) {
        StoredSet set = seeded(kind);
        JsonNode before = set.tree();
        apply(set, FlagChangeRequest.of(new SetLifecycle("banner", "team-web", "2027-01-31",
                Lifecycle.Stage.FULLY_ON, Map.of("jira", "WEB-12", "temporary", true))));

        assertThat(set.flag("banner").path("metadata")).isEqualTo(json("""
                {"owner": "team-web", "jira": "WEB-12", "temporary": true, "expiresAt": "2027-01-31",
                 "stage": "fully-on", "stageSince": "2026-11-26T09:00:00Z"}"""));
        assertOnlyChanged(before, set.tree(), Set.of("banner"));
        JsonNode withoutMetadata = set.flag("banner").deepCopy();
        ((ObjectNode) withoutMetadata).remove("metadata");
        JsonNode original = before.at("/flags/banner").deepCopy();
        ((ObjectNode) original).remove("metadata");
        assertThat(withoutMetadata).isEqualTo(original);
    }

    private static JsonNode withoutState(JsonNode flag) {
        ObjectNode copy = flag.deepCopy();
        copy.remove("state");
        return copy;
    }

    private static String variant(StoredSet set, EvaluationContext user) {
        return set.evaluate("checkout", user).variant();
    }

    private static List<String> usersOn(StoredSet set, String flag, int users) {
        PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse(set.json()));
        List<String> on = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            if ("on".equals(evaluator.evaluate(flag, EvaluationContext.of("user-" + i)).variant())) {
                on.add("user-" + i);
            }
        }
        return on;
    }

    private static double shareOn(StoredSet set, String flag, Instant at) {
        PreviewEvaluator evaluator = new PreviewEvaluator(FlagSet.parse(set.json()), Clock.fixed(at, ZoneOffset.UTC));
        int on = 0;
        for (int i = 0; i < 4000; i++) {
            if ("on".equals(evaluator.evaluate(flag, EvaluationContext.of("user-" + i)).variant())) {
                on++;
            }
        }
        return on / 40.0;
    }
}
