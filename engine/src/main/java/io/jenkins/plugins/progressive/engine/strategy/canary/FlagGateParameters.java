package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import io.jenkins.plugins.progressive.engine.flags.gate.FlagGateCondition;
import io.jenkins.plugins.progressive.engine.flags.store.FlagSource;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@code [flagGate: [...]]} canary step as a pipeline writes it (docs/steps/canaryStage.md) into a
 * {@link CanaryStep.FlagGate}, so the plugin only hands the map over and the mapping is tested without Jenkins.
 * Keys: {@code featureFlag}, or {@code configMap} with optional {@code key}; optional {@code namespace} (default:
 * the canary's); {@code flag}; {@code variant} with {@code maxPercent} and/or {@code minPercent}; and/or
 * {@code state} ({@code ENABLED} or {@code DISABLED}).
 */
public final class FlagGateParameters {

    /** The keys a flag gate map may have. */
    public static final Set<String> KEYS = Set.of("namespace", "configMap", "key", "featureFlag", "flag", "variant",
            "maxPercent", "minPercent", "state");

    private FlagGateParameters() {
    }

    /**
     * @param path where the map is, for messages, e.g. {@code steps[2].flagGate}
     * @param value the map
     * @param namespace the canary's namespace, the default for the store's
     * @throws PlanException naming the path and the key, on bad input
     */
    public static CanaryStep.FlagGate parse(String path, Object value, String namespace) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new PlanException(path + ": give a map, e.g. [featureFlag: 'shop-flags', flag: 'new-checkout', "
                    + "variant: 'on', maxPercent: 25]");
        }
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(key -> {
            if (!KEYS.contains(String.valueOf(key))) {
                unknown.add(String.valueOf(key));
            }
        });
        if (!unknown.isEmpty()) {
            throw new PlanException(path + ": unknown " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        try {
            String ns = text(map, "namespace", path);
            FlagSource source = new FlagSource(ns == null ? namespace : ns, text(map, "configMap", path),
                    text(map, "key", path), text(map, "featureFlag", path));
            String flag = text(map, "flag", path);
            if (flag == null) {
                throw new PlanException(path + ".flag: name the flag the canary depends on");
            }
            String state = text(map, "state", path);
            FlagGateCondition condition = new FlagGateCondition(state == null ? null : state(state, path),
                    text(map, "variant", path), number(map, "minPercent", path), number(map, "maxPercent", path));
            return new CanaryStep.FlagGate(source, flag, condition);
        } catch (PlanException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new PlanException(path + ": " + e.getMessage());
        }
    }

    private static FlagState state(String value, String path) {
        try {
            return FlagState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PlanException(path + ".state: '" + value + "' is neither ENABLED nor DISABLED");
        }
    }

    private static String text(Map<?, ?> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof CharSequence) || value.toString().isBlank()) {
            throw new PlanException(path + "." + key + ": give a non-empty string, was " + value);
        }
        return value.toString();
    }

    private static Double number(Map<?, ?> map, String key, String path) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        double percent;
        if (value instanceof Number n) {
            percent = n.doubleValue();
        } else {
            try {
                // '25%' and '25' as strings: Jenkinsfiles quote numbers often enough.
                percent = Double.parseDouble(value.toString().strip().replaceFirst("%$", ""));
            } catch (NumberFormatException e) {
                throw new PlanException(path + "." + key + ": '" + value + "' is not a percentage");
            }
        }
        // NaN and the infinities parse as doubles too; none of them is a share of users.
        if (!(percent >= 0 && percent <= 100)) {
            throw new PlanException(path + "." + key + ": " + value + " is outside 0..100");
        }
        return percent;
    }
}
