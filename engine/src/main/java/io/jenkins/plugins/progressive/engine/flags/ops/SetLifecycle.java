package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets lifecycle metadata on a flag: owner, expiry, stage, and other primitive entries. Null fields are left as they
 * are.
 *
 * @param flag an existing flag
 * @param owner who answers for the flag (a team or person), or null
 * @param expiresAt a date {@code 2026-12-31} or an instant {@code 2026-12-31T18:00:00Z}, or null
 * @param stage the stage, or null
 * @param metadata other entries; values must be strings, numbers or booleans (the flagd schema)
 */
public record SetLifecycle(String flag, String owner, String expiresAt, Lifecycle.Stage stage,
        Map<String, Object> metadata) implements FlagOperation {

    public SetLifecycle {
        Params.flagKey(flag);
        if (owner != null) {
            Params.text(owner, "owner");
        }
        if (expiresAt != null) {
            expiry(expiresAt, "expiresAt");
        }
        metadata = primitives(metadata == null ? Map.of() : metadata);
        if (owner == null && expiresAt == null && stage == null && metadata.isEmpty()) {
            throw new FlagOperationException("lifecycle needs at least one of owner, expiresAt, stage, metadata");
        }
    }

    /** Reads an expiry: a date means the end of that day in UTC. */
    public static Instant expiry(String text, String parameter) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new FlagOperationException(parameter + " must be a date (2026-12-31) or an instant "
                    + "(2026-12-31T18:00:00Z), was '" + text + "'", e);
        }
    }

    /** Checks metadata values are primitives, naming the offending entry. */
    static Map<String, Object> primitives(Map<String, ?> metadata) {
        Map<String, Object> copy = new LinkedHashMap<>();
        metadata.forEach((name, value) -> {
            Params.name(name, "metadata");
            if (!Params.isPrimitive(value)) {
                throw new FlagOperationException("metadata." + name + " must be a string, number or boolean (flagd "
                        + "allows nothing else in metadata), was " + (value == null ? "null"
                                : value.getClass().getSimpleName() + " " + value));
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("lifecycle of '" + flag + "':");
        if (owner != null) {
            text.append(" owner ").append(owner);
        }
        if (expiresAt != null) {
            text.append(" expiresAt ").append(expiresAt);
        }
        if (stage != null) {
            text.append(" stage ").append(stage.label());
        }
        if (!metadata.isEmpty()) {
            text.append(" metadata ").append(metadata);
        }
        return text.toString();
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition changed = Params.existing(set, flag);
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            changed = changed.withMetadata(entry.getKey(), entry.getValue());
        }
        if (owner != null) {
            changed = changed.withMetadata(Lifecycle.OWNER, owner);
        }
        if (expiresAt != null) {
            changed = changed.withMetadata(Lifecycle.EXPIRES_AT, expiresAt);
        }
        if (stage != null) {
            changed = Lifecycle.withStage(changed, stage, now);
        }
        return set.withFlag(changed);
    }
}
