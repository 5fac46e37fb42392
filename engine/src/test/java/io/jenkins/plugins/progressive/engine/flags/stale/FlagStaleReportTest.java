package io.jenkins.plugins.progressive.engine.flags.stale;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditEntry;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditTrail;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.PercentageRollout;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import io.jenkins.plugins.progressive.engine.flags.store.StoreKind;
import io.jenkins.plugins.progressive.engine.flags.toggle.FlagToggle;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Past expiry, or fully on for too long: reported with the dates; permanent and moving flags are not. */
class FlagStaleReportTest {

    private static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");
    private static final String SET = """
            {"flags": {
              "expired": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
                          "targeting": {"fractional": [["on", 50], ["off", 50]]},
                          "metadata": {"owner": "team-a", "expiresAt": "2026-10-31"}},
              "done": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                       "targeting": {"fractional": [["on", 100], ["off", 0]]},
                       "metadata": {"stage": "fully-on", "stageSince": "2026-10-01T00:00:00Z"}},
              "recent": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
                         "metadata": {"stage": "fully-on", "stageSince": "2026-11-20T00:00:00Z"}},
              "static-old": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
                             "metadata": {"createdAt": "2026-06-01T00:00:00Z"}},
              "ops-kill": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
                           "metadata": {"createdAt": "2025-01-01T00:00:00Z", "permanent": true}},
              "rolling": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                          "targeting": {"fractional": [["on", 30], ["off", 70]]},
                          "metadata": {"createdAt": "2025-01-01T00:00:00Z", "expiresAt": "2027-01-31"}},
              "killed": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
                         "metadata": {"createdAt": "2025-01-01T00:00:00Z"}}
            }}
            """;

    @Test
    void listsExpiredAndLongFullyOnFlagsWithReasons() {
        StaleReport report = StaleCheck.check("test", FlagSet.parse(SET), AuditTrail.parse(null), StalePolicy.days(30),
                NOW);

        assertThat(report.flags()).extracting(StaleFlag::flagKey).containsExactly("expired", "done", "static-old");
        assertThat(report.flags().get(0).reasons()).containsExactly("expired 2026-10-31 (25 days ago)");
        assertThat(report.flags().get(0).owner()).isEqualTo("team-a");
        assertThat(report.flags().get(1).reasons()).containsExactly("serves 'on' to everyone for 56 days "
                + "(stage fully-on 2026-10-01T00:00:00Z; limit 30 days)");
        assertThat(report.flags().get(2).reasons()).containsExactly("serves 'on' to everyone for 178 days "
                + "(created 2026-06-01T00:00:00Z; limit 30 days)");
        assertThat(report.lines()).first().isEqualTo("3 stale flags in test:");
        assertThat(report.lines()).contains("  expired (owner team-a): expired 2026-10-31 (25 days ago)");
    }

    @Test
    void theLastAuditedChangeBoundsHowLongAFlagHasBeenFullyOn() {
        AuditTrail trail = AuditTrail.parse(null).append(new AuditEntry(Instant.parse("2026-11-10T00:00:00Z"), "ci",
                "", List.of(), List.of("~ flags.static-old.state: \"DISABLED\" -> \"ENABLED\""), null));
        StaleReport report = StaleCheck.check("test", FlagSet.parse(SET), trail, StalePolicy.days(30), NOW);
        assertThat(report.flags()).extracting(StaleFlag::flagKey).containsExactly("expired", "done");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theFacadeReportsAStoreAndAFullRolloutStartsTheClock(StoreKind kind) {
        try (Sandbox sandbox = Sandbox.builder().workloads(false).prometheus(Sandbox.PrometheusChoice.NONE).start()) {
            KubernetesClient client = sandbox.client();
            kind.seed(client, "flags", "stale", SET);
            FlagStore store = kind.store(client, "flags", "stale");
            FlagToggle toggle = new FlagToggle(Clock.fixed(NOW, ZoneOffset.UTC), 3);
            toggle.change(store, FlagChangeRequest.of(PercentageRollout.of("rolling", "on", 100)), "ci", "done");

            assertThat(toggle.report(store, StalePolicy.days(30)).flags()).extracting(StaleFlag::flagKey)
                    .containsExactly("expired", "done", "static-old");
            FlagToggle later = new FlagToggle(Clock.fixed(NOW.plusSeconds(31L * 86_400), ZoneOffset.UTC), 3);
            StaleReport report = later.report(store, StalePolicy.days(30));
            assertThat(report.flags()).extracting(StaleFlag::flagKey).contains("rolling", "recent");
            assertThat(report.flags().stream().filter(flag -> flag.flagKey().equals("rolling")).findFirst()
                    .orElseThrow().reasons()).containsExactly("serves 'on' to everyone for 31 days (stage fully-on "
                            + NOW + "; limit 30 days)");
        }
    }
}
