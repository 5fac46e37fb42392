package io.jenkins.plugins.progressive.engine.flags;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates the flags of a {@link FlagSet} the way current flagd does, so a step can show who gets what before it
 * writes: JsonLogic, flagd's {@code fractional} (v2 bucketing), {@code sem_ver}, {@code starts_with},
 * {@code ends_with}, {@code $ref}, and the injected {@code targetingKey}, {@code $flagd.flagKey} and
 * {@code $flagd.timestamp} (Unix seconds). The result mapping follows flagd's {@code evaluateVariant}: no targeting
 * is STATIC, a variant from targeting TARGETING_MATCH, null DEFAULT, an unknown variant ERROR, a disabled flag DISABLED.
 *
 * <p>Rules are compiled once here; {@link #evaluate} is thread-safe and allocates little, so a preview over 10 000
 * users is cheap.
 */
public final class PreviewEvaluator {

    /**
     * The flagd versions whose {@code fractional} buckets users as this preview does (the v2 hash). Older ones put
     * the same user in other buckets.
     */
    public static final String FRACTIONAL_V2_CONSUMERS =
            "flagd >= 0.15.0, Java flagd provider >= 0.13.0 (flagd-core >= 0.2.0)";

    private final Map<String, CompiledFlag> flags;
    private final Clock clock;

    /** Evaluates at the current time. */
    public PreviewEvaluator(FlagSet flagSet) {
        this(flagSet, Clock.systemUTC());
    }

    /** Evaluates with {@code $flagd.timestamp} from the clock, e.g. to preview a time-based ramp at a future time. */
    public PreviewEvaluator(FlagSet flagSet, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, CompiledFlag> compiled = new HashMap<>();
        flagSet.flags().forEach((key, flag) -> compiled.put(key, compile(flag, flagSet)));
        this.flags = Map.copyOf(compiled);
    }

    /** The flag's answer for the context; a flag not in the set gives ERROR with FLAG_NOT_FOUND. */
    public FlagEvaluation evaluate(String flagKey, EvaluationContext context) {
        CompiledFlag flag = flags.get(flagKey);
        if (flag == null) {
            return FlagEvaluation.failed(flagKey, EvaluationError.FLAG_NOT_FOUND, "flag '" + flagKey + "' not found",
                    Map.of());
        }
        FlagDefinition definition = flag.definition();
        if (definition.state() == FlagState.DISABLED) {
            return FlagEvaluation.codeDefault(flagKey, EvaluationReason.DISABLED, flag.metadata());
        }
        if (flag.rule() == null) {
            return fallBack(flag, EvaluationReason.STATIC);
        }
        Object result;
        try {
            long seconds = Math.floorDiv(clock.millis(), 1000L);
            result = flag.rule().evaluate(Rule.Scope.of(new TargetingData(context, flagKey, seconds)));
        } catch (TargetingException e) {
            return FlagEvaluation.failed(flagKey, EvaluationError.PARSE_ERROR, e.getMessage(), flag.metadata());
        }
        String variant = VariantNames.of(result);
        if (variant == null) {
            return fallBack(flag, EvaluationReason.DEFAULT);
        }
        if (!definition.variants().containsKey(variant)) {
            return FlagEvaluation.failed(flagKey, EvaluationError.GENERAL, "targeting chose '" + variant
                    + "', which is not a variant of flag '" + flagKey + "'", flag.metadata());
        }
        return FlagEvaluation.served(flagKey, variant, definition.variants().get(variant),
                EvaluationReason.TARGETING_MATCH, flag.metadata());
    }

    /** The flag's variant names in document order; empty for a flag not in the set. */
    public List<String> variantNames(String flagKey) {
        CompiledFlag flag = flags.get(flagKey);
        return flag == null ? List.of() : List.copyOf(flag.definition().variants().keySet());
    }

    /**
     * Whether the flag's targeting buckets users with {@code fractional}, so that its preview holds only for
     * {@link #FRACTIONAL_V2_CONSUMERS}.
     */
    public boolean usesFractional(String flagKey) {
        CompiledFlag flag = flags.get(flagKey);
        return flag != null && flag.usesFractional();
    }

    /** The default variant; without one, flagd reports DEFAULT and the application uses its code default. */
    private static FlagEvaluation fallBack(CompiledFlag flag, EvaluationReason reason) {
        FlagDefinition definition = flag.definition();
        String name = definition.defaultVariant();
        if (name == null) {
            return FlagEvaluation.codeDefault(definition.key(), EvaluationReason.DEFAULT, flag.metadata());
        }
        return FlagEvaluation.served(definition.key(), name, definition.variants().get(name), reason, flag.metadata());
    }

    private static CompiledFlag compile(FlagDefinition flag, FlagSet flagSet) {
        Map<String, Object> metadata = new LinkedHashMap<>(flagSet.metadata());
        metadata.putAll(flag.metadata());
        Rule rule = null;
        boolean fractional = false;
        if (flag.hasTargeting()) {
            Object resolved = EvaluatorRefs.resolve(flag.targeting(), flagSet.evaluators(), name -> { });
            // A valid set has no undefined references and no unknown operators, so this cannot fail.
            rule = RuleCompiler.compile(resolved);
            boolean[] found = {false};
            TargetingChecks.forEachCall(resolved, "fractional", args -> found[0] = true);
            fractional = found[0];
        }
        return new CompiledFlag(flag, rule, Collections.unmodifiableMap(metadata), fractional);
    }

    /** A flag with its rule compiled once; rule is null without targeting. */
    private record CompiledFlag(FlagDefinition definition, Rule rule, Map<String, Object> metadata,
            boolean usesFractional) {
    }
}
