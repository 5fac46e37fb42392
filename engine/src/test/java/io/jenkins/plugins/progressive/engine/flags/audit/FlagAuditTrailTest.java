package io.jenkins.plugins.progressive.engine.flags.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history stays within its entry and byte bounds, oldest dropped first, and survives a round trip. */
class FlagAuditTrailTest {

    private static AuditEntry entry(int i, int diffLines, int archivedChars) {
        List<String> diff = new ArrayList<>();
        for (int line = 0; line < diffLines; line++) {
            diff.add("~ flags.f" + line + ".state: \"ENABLED\" -> \"DISABLED\"");
        }
        Map<String, String> archived = archivedChars == 0 ? Map.of() : Map.of("old", "x".repeat(archivedChars));
        return new AuditEntry(Instant.parse("2026-11-26T09:00:00Z").plusSeconds(i), "build " + i, "reason " + i,
                List.of("disable 'f'"), diff, archived);
    }

    @Test
    void roundTripsThroughTheAnnotation() {
        AuditTrail trail = AuditTrail.parse(null).append(entry(1, 2, 10));
        assertThat(AuditTrail.parse(trail.toJson())).isEqualTo(trail);
        assertThat(trail.latest().archived()).containsKey("old");
    }

    @Test
    void keepsAtMostTwentyEntriesOldestDroppedFirst() {
        AuditTrail trail = AuditTrail.parse(null);
        for (int i = 1; i <= 30; i++) {
            trail = trail.append(entry(i, 1, 0));
        }
        assertThat(trail.entries()).hasSize(AuditTrail.MAX_ENTRIES);
        assertThat(trail.entries().get(0).actor()).isEqualTo("build 11");
        assertThat(trail.latest().actor()).isEqualTo("build 30");
    }

    @Test
    void staysWithinItsByteBudget() {
        AuditTrail trail = AuditTrail.parse(null);
        for (int i = 1; i <= 20; i++) {
            trail = trail.append(entry(i, 200, 0));
            assertThat(trail.toJson().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AuditTrail.MAX_BYTES);
        }
        assertThat(trail.latest().actor()).isEqualTo("build 20");
        assertThat(trail.entries().size()).isLessThan(20);
    }

    @Test
    void anEntryTooLargeAloneIsCutDownButKept() {
        AuditTrail trail = AuditTrail.parse(null).append(entry(1, 5000, 0));
        assertThat(trail.toJson().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AuditTrail.MAX_BYTES);
        assertThat(trail.latest().diff()).hasSize(41).last().asString()
                .isEqualTo("... 4960 more lines left out to fit the annotation");

        AuditTrail huge = AuditTrail.parse(null).append(entry(2, 1, 100_000));
        assertThat(huge.toJson().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AuditTrail.MAX_BYTES);
        assertThat(huge.latest().archived().get("old")).contains("too large to keep");
    }

    @Test
    void anAnnotationThisToolDidNotWriteIsUnreadableNotFatal() {
        AuditTrail trail = AuditTrail.parse("{\"someone\": \"else\"}");
        assertThat(trail.unreadable()).isTrue();
        assertThat(trail.entries()).isEmpty();
    }
}
