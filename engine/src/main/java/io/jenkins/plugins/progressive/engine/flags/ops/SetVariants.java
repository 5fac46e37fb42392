package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;
import java.util.Map;

/**
 * Replaces a flag's variants (boolean, string, number or object; one type), and optionally its default. Targeting
 * that still names a removed variant makes the set invalid, so the change is refused rather than leaving flagd to
 * answer ERROR.
 *
 * @param flag an existing flag
 * @param variants the new variants
 * @param defaultVariant the new default, or null to keep the current one (which must then still be a variant)
 */
public record SetVariants(String flag, Map<String, Object> variants, String defaultVariant) implements FlagOperation {

    public SetVariants {
        Params.flagKey(flag);
        variants = Params.variants(variants);
        if (defaultVariant != null && !variants.containsKey(defaultVariant)) {
            throw new FlagOperationException("defaultVariant: '" + defaultVariant + "' is not among variants ("
                    + String.join(", ", variants.keySet()) + ")");
        }
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "set variants of '" + flag + "': " + variants.keySet()
                + (defaultVariant == null ? "" : ", default '" + defaultVariant + "'");
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition current = Params.existing(set, flag);
        String newDefault = defaultVariant != null ? defaultVariant : current.defaultVariant();
        if (newDefault != null && !variants.containsKey(newDefault)) {
            throw new FlagOperationException("defaultVariant: the current default '" + newDefault + "' of flag '" + flag
                    + "' is not among the new variants (" + String.join(", ", variants.keySet())
                    + "); give defaultVariant too");
        }
        return set.withFlag(current.withVariants(variants).withDefaultVariant(newDefault));
    }
}
