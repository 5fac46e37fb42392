package io.jenkins.plugins.progressive.engine.flags.toggle;

import static io.jenkins.plugins.progressive.engine.flags.toggle.StoredSet.assertOnlyChanged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.EvaluationError;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditEntry;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditTrail;
import io.jenkins.plugins.progressive.engine.flags.ops.ArchiveFlag;
import io.jenkins.plugins.progressive.engine.flags.ops.Condition;
import io.jenkins.plugins.progressive.engine.flags.ops.CreateFlag;
import io.jenkins.plugins.progressive.engine.flags.ops.DefineSegment;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.Lifecycle;
import io.jenkins.plugins.progressive.engine.flags.ops.MatchOperator;
import io.jenkins.plugins.progressive.engine.flags.ops.PercentageRollout;
import io.jenkins.plugins.progressive.engine.flags.ops.SetLifecycle;
import io.jenkins.plugins.progressive.engine.flags.ops.SetState;
import io.jenkins.plugins.progressive.engine.flags.store.StoreKind;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who changed what and why is kept on the object, bounded, and returned; archive keeps the last definition there. */
class FlagToggleAuditTest {

    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    private static final String ACTOR = "https://ci.example/job/shop/42/";
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

    private static String name() {
        return "audit-" + NAMES.incrementAndGet();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void everyChangeRecordsWhoWhenWhatAndWhyOnTheObject(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, name());
        FlagChangeResult result = toggle.change(set.store(), FlagChangeRequest.of(SetState.disable("checkout")),
                ACTOR, "incident INC-7: checkout errors");

        AuditEntry entry = result.audit();
        assertThat(entry.at()).isEqualTo(NOW);
        assertThat(entry.actor()).isEqualTo(ACTOR);
        assertThat(entry.reason()).isEqualTo("incident INC-7: checkout errors");
        assertThat(entry.operations()).containsExactly("disable 'checkout'");
        assertThat(entry.diff()).containsExactly("~ flags.checkout.state: \"ENABLED\" -> \"DISABLED\"");
        assertThat(result.diff()).isEqualTo(entry.diff());
        assertThat(AuditTrail.parse(set.audit()).entries()).containsExactly(entry);
        assertThat(result.changes()).singleElement().satisfies(change -> {
            assertThat(change.before()).contains("\"state\":\"ENABLED\"");
            assertThat(change.after()).contains("\"state\":\"DISABLED\"");
        });
        assertThat(result.lines().get(0)).isEqualTo("updated " + set.store().describe() + " (resourceVersion "
                + set.resourceVersion() + ")");
        Map<String, Object> returned = result.toMap();
        assertThat(returned).containsEntry("written", true).containsEntry("diff", entry.diff());
        assertThat(returned.get("previews")).asInstanceOf(InstanceOfAssertFactories.MAP).containsKey("checkout");
        assertThat(serializes(returned)).isTrue();
    }

    private static boolean serializes(Object value) {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theHistoryKeepsTheLastTwentyChanges(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, name());
        for (int i = 1; i <= 25; i++) {
            toggle.change(set.store(), FlagChangeRequest.of(PercentageRollout.of("checkout", "on", i)), ACTOR,
                    "step " + i);
        }
        List<AuditEntry> entries = AuditTrail.parse(set.audit()).entries();
        assertThat(entries).hasSize(AuditTrail.MAX_ENTRIES);
        assertThat(entries.get(0).reason()).isEqualTo("step 6");
        assertThat(entries.get(19).reason()).isEqualTo("step 25");
        assertThat(entries.get(19).diff()).contains("~ flags.checkout.targeting: "
                + "{\"fractional\":[[\"on\",24],[\"off\",76]]} -> {\"fractional\":[[\"on\",25],[\"off\",75]]}");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void archiveRemovesTheFlagAndKeepsItsLastDefinitionInTheAudit(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, name());
        JsonNode before = set.tree();
        FlagChangeResult result = toggle.change(set.store(), FlagChangeRequest.of(new ArchiveFlag("banner")), ACTOR,
                "cleanup WEB-12");

        assertThat(set.tree().path("flags").has("banner")).isFalse();
        assertOnlyChanged(before, set.tree(), Set.of("banner"));
        String last = AuditTrail.parse(set.audit()).latest().archived().get("banner");
        assertThat(StoredSet.json(last)).isEqualTo(before.at("/flags/banner"));
        assertThat(result.audit().archived()).containsKey("banner");
        assertThat(result.diff()).singleElement().asString().startsWith("- flags.banner: {");
        assertThat(set.evaluate("banner", EvaluationContext.of("u1")).error())
                .isEqualTo(EvaluationError.FLAG_NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void severalOperationsAreOneWriteAndOneAuditEntry(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, name());
        int before = AuditTrail.parse(set.audit()).entries().size();
        FlagChangeResult result = toggle.change(set.store(), FlagChangeRequest.of(CreateFlag.bool("search-v2", false),
                PercentageRollout.of("search-v2", "on", 5),
                new SetLifecycle("search-v2", "team-search", "2027-03-31", null, null)), ACTOR, "launch");

        assertThat(AuditTrail.parse(set.audit()).entries()).hasSize(before + 1);
        assertThat(result.audit().operations()).hasSize(3);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(set.flag("search-v2").at("/metadata/owner").asText()).isEqualTo("team-search");
        assertThat(set.flag("search-v2").at("/metadata/stage").asText()).isEqualTo("rolling-out");
        assertThat(set.flag("search-v2").at("/targeting/fractional/0/1").asInt()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aDryRunAndAChangeThatChangesNothingWriteNothing(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, name());
        String version = set.resourceVersion();
        FlagChangeResult dryRun = toggle.change(set.store(),
                FlagChangeRequest.of(PercentageRollout.of("checkout", "on", 30)).asDryRun(), ACTOR, "preview");
        assertThat(dryRun.written()).isFalse();
        assertThat(dryRun.diff()).isNotEmpty();
        assertThat(dryRun.previews().get("checkout").shares().get(0).percent()).isBetween(28.0, 32.0);
        assertThat(dryRun.lines().get(0)).startsWith("dry run: ");

        FlagChangeResult same = toggle.change(set.store(), FlagChangeRequest.of(SetState.enable("checkout")), ACTOR,
                "already on");
        assertThat(same.written()).isFalse();
        assertThat(same.audit()).isNull();
        assertThat(same.lines().get(0)).startsWith("no change: ");
        assertThat(set.resourceVersion()).isEqualTo(version);
        assertThat(set.audit()).isNull();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void redefiningASegmentPreviewsTheFlagsThatUseIt(StoreKind kind) {
        StoredSet set = StoredSet.seeded(kind, client, name());
        FlagChangeResult result = toggle.change(set.store(), FlagChangeRequest.of(new DefineSegment("staff",
                List.of(new Condition.Attribute("email", MatchOperator.ENDS_WITH, "@shop.example"),
                        new Condition.Attribute("tier", MatchOperator.EQUALS, "gold")))), ACTOR, "narrow staff");

        assertThat(result.changes()).isEmpty();
        assertThat(result.diff()).singleElement().asString().startsWith("~ $evaluators.staff: ");
        assertThat(result.previews()).containsOnlyKeys("banner");
        assertThat(set.evaluate("banner", EvaluationContext.of("s1").with("email", "ann@shop.example")).variant())
                .isEqualTo("blue");
        assertThat(set.evaluate("banner", EvaluationContext.of("s1").with("email", "ann@shop.example")
                .with("tier", "gold")).variant()).isEqualTo("red");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theFirstWriteCreatesTheObjectAndSaysSo(StoreKind kind) {
        StoredSet set = StoredSet.absent(kind, client, name());
        FlagChangeResult result = toggle.change(set.store(), FlagChangeRequest.of(CreateFlag.bool("first", true),
                new SetLifecycle("first", null, null, Lifecycle.Stage.FULLY_ON, null)), ACTOR, "bootstrap");

        assertThat(result.created()).isTrue();
        assertThat(result.lines().get(0)).startsWith("created " + set.store().describe());
        assertThat(FlagSet.parse(set.json()).flags()).containsOnlyKeys("first");
        assertThat(set.evaluate("first", EvaluationContext.of("u1")).value()).isEqualTo(true);
        assertThat(AuditTrail.parse(set.audit()).entries()).hasSize(1);
    }
}
