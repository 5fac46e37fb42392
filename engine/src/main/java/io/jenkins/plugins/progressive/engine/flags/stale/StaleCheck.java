package io.jenkins.plugins.progressive.engine.flags.stale;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditEntry;
import io.jenkins.plugins.progressive.engine.flags.audit.AuditTrail;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagOperationException;
import io.jenkins.plugins.progressive.engine.flags.ops.Lifecycle;
import io.jenkins.plugins.progressive.engine.flags.ops.SetLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds stale flags. "Fully on since" is taken from the flag's {@code stageSince} when its stage is {@code fully-on},
 * else from the last audited change of the flag (it has been this way at least since then), else from
 * {@code createdAt}; a flag with none of these is not reported, as its age cannot be shown.
 */
public final class StaleCheck {

    private StaleCheck() {
    }

    public static StaleReport check(String store, FlagSet set, AuditTrail trail, StalePolicy policy, Instant now) {
        List<StaleFlag> stale = new ArrayList<>();
        for (FlagDefinition flag : set.flags().values()) {
            List<String> reasons = new ArrayList<>();
            expiry(flag, now).ifPresent(reasons::add);
            if ("stale".equals(flag.metadata().get(Lifecycle.STAGE))) {
                reasons.add("stage is 'stale'");
            }
            fullyOn(flag, trail, policy, now).ifPresent(reasons::add);
            if (!reasons.isEmpty()) {
                Object owner = flag.metadata().get(Lifecycle.OWNER);
                stale.add(new StaleFlag(flag.key(), owner == null ? null : owner.toString(), reasons));
            }
        }
        return new StaleReport(store, now, stale);
    }

    private static Optional<String> expiry(FlagDefinition flag, Instant now) {
        Object expiresAt = flag.metadata().get(Lifecycle.EXPIRES_AT);
        if (expiresAt == null) {
            return Optional.empty();
        }
        try {
            Instant expiry = SetLifecycle.expiry(expiresAt.toString(), "expiresAt");
            if (!now.isBefore(expiry)) {
                return Optional.of("expired " + expiresAt + " (" + Duration.between(expiry, now).toDays()
                        + " days ago)");
            }
            return Optional.empty();
        } catch (FlagOperationException e) {
            return Optional.of("expiresAt '" + expiresAt + "' is neither a date nor an instant");
        }
    }

    private static Optional<String> fullyOn(FlagDefinition flag, AuditTrail trail, StalePolicy policy, Instant now) {
        if (Boolean.TRUE.equals(flag.metadata().get(Lifecycle.PERMANENT))) {
            return Optional.empty();
        }
        Optional<String> everyone = Lifecycle.servedToEveryone(flag);
        boolean stageFullyOn = "fully-on".equals(flag.metadata().get(Lifecycle.STAGE));
        if (everyone.isEmpty() && !stageFullyOn) {
            return Optional.empty();
        }
        Instant since = stageFullyOn ? instant(flag.metadata().get(Lifecycle.STAGE_SINCE)) : null;
        String source = "stage fully-on";
        if (since == null) {
            since = lastChange(flag.key(), trail);
            source = "last change";
        }
        if (since == null) {
            since = instant(flag.metadata().get(Lifecycle.CREATED_AT));
            source = "created";
        }
        if (since == null || Duration.between(since, now).compareTo(policy.fullyOnLimit()) <= 0) {
            return Optional.empty();
        }
        String what = everyone.map(variant -> "serves '" + variant + "' to everyone").orElse("stage is fully-on");
        return Optional.of(what + " for " + Duration.between(since, now).toDays() + " days (" + source + " " + since
                + "; limit " + policy.fullyOnLimit().toDays() + " days)");
    }

    /** The newest audited change that touched the flag. */
    private static Instant lastChange(String key, AuditTrail trail) {
        List<AuditEntry> entries = trail.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            AuditEntry entry = entries.get(i);
            if (entry.diff().stream().anyMatch(line -> line.contains(" flags." + key + ".")
                    || line.contains(" flags." + key + ":"))) {
                return entry.at();
            }
        }
        return null;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
