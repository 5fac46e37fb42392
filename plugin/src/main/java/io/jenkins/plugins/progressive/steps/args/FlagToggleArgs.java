package io.jenkins.plugins.progressive.steps.args;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagChangeRequest;
import io.jenkins.plugins.progressive.engine.flags.ops.FlagStepParameters;
import io.jenkins.plugins.progressive.engine.flags.stale.StalePolicy;
import io.jenkins.plugins.progressive.engine.flags.store.FlagSource;
import io.jenkins.plugins.progressive.engine.flags.store.FlagStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code flagToggle} step's arguments (docs/steps/flagToggle.md): where the flag set lives (a ConfigMap key or a
 * {@code FeatureFlag}), why, and either the changes (read by the engine's {@link FlagStepParameters}) or a stale
 * report. Everything is checked here, before the cluster is contacted.
 *
 * @param store opens the store on a cluster's client
 * @param request the changes, or null for a stale report
 * @param stalePolicy the stale report's policy, or null for changes
 * @param reason recorded in the audit history
 */
public record FlagToggleArgs(Function<KubernetesClient, FlagStore> store, FlagChangeRequest request,
        StalePolicy stalePolicy, String reason, Analytics analytics) {

    /** A read of flagd's evaluation metrics for one flag instead of a change. */
    public record Analytics(String flag, java.time.Duration window, String namespace) {
    }

    /** The default ConfigMap key, the file name flagd's file sync reads. */
    public static final String DEFAULT_KEY = "flags.flagd.json";

    /**
     * @throws StepArgumentException for any bad argument (whatever the parser threw), naming the parameter's path
     */
    public static FlagToggleArgs parse(Map<String, ?> arguments, StepDefaults defaults, String defaultReason) {
        return StepArgumentGuard.parse("flagToggle", () -> read(arguments, defaults, defaultReason));
    }

    private static FlagToggleArgs read(Map<String, ?> arguments, StepDefaults defaults, String defaultReason) {
        Args step = Args.of("", arguments);
        String namespace = defaults.namespace(step);
        boolean configMap = step.has("configMap");
        if (configMap == step.has("featureFlag")) {
            throw new StepArgumentException("configMap", "name the flag set's store: configMap (with key, default "
                    + DEFAULT_KEY + ") or featureFlag, one of them");
        }
        if (!configMap && step.has("key")) {
            throw new StepArgumentException("key", "only a ConfigMap store has a key");
        }
        String name = step.requiredString(configMap ? "configMap" : "featureFlag");
        String key = step.has("key") ? step.requiredString("key") : DEFAULT_KEY;
        // The names are checked now (namespace, object name, key), not when the store is opened on the cluster.
        FlagSource source;
        try {
            source = configMap ? FlagSource.configMap(namespace, name, key) : FlagSource.featureFlag(namespace, name);
        } catch (IllegalArgumentException e) {
            throw StepArgumentException.under("", null, e.getMessage());
        }
        Function<KubernetesClient, FlagStore> store = source::open;
        String reason = step.has("reason") ? step.requiredString("reason") : defaultReason;
        if (step.has("analytics")) {
            Args analytics = step.map("analytics").only("window");
            refuseChanges(arguments, "analytics", "analytics reads and changes nothing", "analytics", "flag");
            java.time.Duration window = analytics.has("window") ? analytics.duration("window") : java.time.Duration.ofHours(1);
            if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
                throw new StepArgumentException("analytics.window", "must be whole seconds, at least 1s, was " + window);
            }
            return new FlagToggleArgs(store, null, null, reason, new Analytics(step.requiredString("flag"), window, namespace));
        }
        if (step.has("staleReport")) {
            Args stale = step.map("staleReport").only("fullyOnDays");
            refuseChanges(arguments, "staleReport", "a stale report changes nothing");
            Integer given = stale.integer("fullyOnDays", 1, 36_500);
            int days = given == null ? 30 : given;
            return new FlagToggleArgs(store, null, StalePolicy.days(days), reason, null);
        }
        return new FlagToggleArgs(store, FlagStepParameters.parse(arguments), null, reason, null);
    }

    /** A read-only mode takes no change: anything beyond the store, the reason and {@code also} is refused. */
    private static void refuseChanges(Map<String, ?> arguments, String mode, String why, String... also) {
        Map<String, Object> rest = new LinkedHashMap<>(arguments);
        FlagStepParameters.STEP_KEYS.forEach(rest::remove);
        for (String key : also) {
            rest.remove(key);
        }
        if (!rest.isEmpty()) {
            throw new StepArgumentException(mode, why + "; leave out " + rest.keySet());
        }
    }
}
