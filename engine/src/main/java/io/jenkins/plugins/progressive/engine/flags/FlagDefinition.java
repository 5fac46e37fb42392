package io.jenkins.plugins.progressive.engine.flags;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One flag in the flagd flag-definition format. Values are plain JSON values (see {@link EvaluationContext}); the
 * record holds unmodifiable copies. It checks only its shape; whether it is valid in its set (variant types, default
 * variant, targeting, {@code $ref}s) is checked when it is put into a {@link FlagSet}.
 *
 * @param key the flag key
 * @param state ENABLED or DISABLED
 * @param variants variant name to value, in document order; all values of one type (boolean, string, number,
 *     object)
 * @param defaultVariant the variant served when targeting is absent or gives null; null means the application's code
 *     default (not allowed in the {@code FeatureFlag} CRD, which requires it)
 * @param targeting the JsonLogic rule, or null for none
 * @param metadata flag metadata, primitive values only (lifecycle data lives here: flagd has no other place for it)
 * @param otherKeys keys flagd does not define, kept as they were so a write does not lose them
 */
public record FlagDefinition(String key, FlagState state, Map<String, Object> variants, String defaultVariant,
        Object targeting, Map<String, Object> metadata, Map<String, Object> otherKeys) {

    public FlagDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        variants = copy(Objects.requireNonNull(variants, "variants"));
        targeting = JsonValues.copyOf(targeting);
        metadata = copy(metadata == null ? Map.of() : metadata);
        otherKeys = copy(otherKeys == null ? Map.of() : otherKeys);
    }

    /** An enabled flag without targeting or metadata. */
    public static FlagDefinition of(String key, Map<String, Object> variants, String defaultVariant) {
        return new FlagDefinition(key, FlagState.ENABLED, variants, defaultVariant, null, Map.of(), Map.of());
    }

    /** Whether flagd evaluates a targeting rule: absent and {@code {}} both mean none (reason STATIC). */
    public boolean hasTargeting() {
        return targeting != null && !(targeting instanceof Map<?, ?> map && map.isEmpty());
    }

    public FlagDefinition withState(FlagState newState) {
        return new FlagDefinition(key, newState, variants, defaultVariant, targeting, metadata, otherKeys);
    }

    public FlagDefinition withDefaultVariant(String newDefault) {
        return new FlagDefinition(key, state, variants, newDefault, targeting, metadata, otherKeys);
    }

    /** This flag with another rule; null removes targeting. */
    public FlagDefinition withTargeting(Object newTargeting) {
        return new FlagDefinition(key, state, variants, defaultVariant, newTargeting, metadata, otherKeys);
    }

    public FlagDefinition withVariants(Map<String, Object> newVariants) {
        return new FlagDefinition(key, state, newVariants, defaultVariant, targeting, metadata, otherKeys);
    }

    /** This flag with one metadata entry set (lifecycle: {@code owner}, {@code expiresAt}, {@code stage}). */
    public FlagDefinition withMetadata(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(metadata);
        more.put(name, value);
        return new FlagDefinition(key, state, variants, defaultVariant, targeting, more, otherKeys);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        return (Map<String, Object>) JsonValues.copyOf(map);
    }
}
