package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Creates a flag with its variants and default, enabled or disabled, stage {@code new} and {@code createdAt}. Creating
 * a flag that exists with the same variants and default changes nothing, so a re-run pipeline does not fail; with
 * other variants it is an error (change them with {@link SetVariants}).
 *
 * @param flag the flag key
 * @param variants name → value, one type
 * @param defaultVariant one of the variants (the FeatureFlag CRD requires one)
 * @param state ENABLED or DISABLED
 * @param metadata extra flag metadata, primitives only (e.g. owner)
 */
public record CreateFlag(String flag, Map<String, Object> variants, String defaultVariant, FlagState state,
        Map<String, Object> metadata) implements FlagOperation {

    public CreateFlag {
        Params.flagKey(flag);
        variants = Params.variants(variants);
        Params.name(defaultVariant, "defaultVariant");
        if (!variants.containsKey(defaultVariant)) {
            throw new FlagOperationException("defaultVariant: '" + defaultVariant + "' is not among variants ("
                    + String.join(", ", variants.keySet()) + ")");
        }
        Objects.requireNonNull(state, "state must not be null");
        metadata = SetLifecycle.primitives(metadata == null ? Map.of() : metadata);
    }

    /** A boolean flag: variants {@code on: true} and {@code off: false}, default {@code off} unless {@code on}. */
    public static CreateFlag bool(String flag, boolean on) {
        Map<String, Object> variants = new LinkedHashMap<>();
        variants.put("on", true);
        variants.put("off", false);
        return new CreateFlag(flag, variants, on ? "on" : "off", FlagState.ENABLED, Map.of());
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "create '" + flag + "': variants " + variants.keySet() + ", default '" + defaultVariant + "', " + state;
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition existing = set.flag(flag).orElse(null);
        if (existing != null) {
            if (existing.variants().equals(FlagDefinition.of(flag, variants, defaultVariant).variants())
                    && defaultVariant.equals(existing.defaultVariant())) {
                return set;
            }
            throw new FlagOperationException("flag: '" + flag + "' already exists with variants "
                    + existing.variants().keySet() + " and default '" + existing.defaultVariant()
                    + "'; change it with setVariants or setDefault instead of create");
        }
        FlagDefinition created = new FlagDefinition(flag, state, variants, defaultVariant, null, Map.of(), Map.of())
                .withMetadata(Lifecycle.CREATED_AT, now.toString());
        created = Lifecycle.withStage(created, Lifecycle.Stage.NEW, now);
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            created = created.withMetadata(entry.getKey(), entry.getValue());
        }
        return set.withFlag(created);
    }
}
