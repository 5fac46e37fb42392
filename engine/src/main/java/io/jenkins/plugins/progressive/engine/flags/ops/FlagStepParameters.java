package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.EvaluationContext;
import io.jenkins.plugins.progressive.engine.flags.FlagState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the named parameters of the {@code flagToggle} step (as a pipeline passes them) into a
 * {@link FlagChangeRequest}, so the plugin stays a thin adapter and the mapping is tested without Jenkins. One flag's
 * changes apply in a fixed order — segments, create, variants, default, rules, percentage, experiment, lifecycle,
 * enabled, killSwitch, archive — or {@code operations} lists them in the caller's order, one map per flag.
 * See docs/steps/flagToggle.md.
 */
public final class FlagStepParameters {

    /** Parameters the step itself handles (which cluster and store, why, the stale report); skipped here. */
    public static final Set<String> STEP_KEYS = Set.of("cluster", "namespace", "configMap", "key", "featureFlag",
            "reason", "staleReport");
    static final Set<String> CHANGE_KEYS = Set.of("segments", "create", "variants", "defaultVariant", "rules",
            "percentage", "variant", "otherVariant", "bucketBy", "ramp", "experiment", "lifecycle", "enabled",
            "killSwitch", "archive");
    private static final Set<String> CONDITION_KEYS = Set.of("users", "segment", "regions", "attribute", "op", "value");

    private FlagStepParameters() {
    }

    /** The request the step's parameters describe; bad input throws {@link FlagOperationException} naming it. */
    public static FlagChangeRequest parse(Map<String, ?> parameters) {
        Set<String> allowed = new HashSet<>(STEP_KEYS);
        allowed.addAll(CHANGE_KEYS);
        allowed.addAll(Set.of("flag", "operations", "testUsers", "dryRun"));
        StepArguments step = new StepArguments("", parameters, allowed);
        List<FlagOperation> operations = new ArrayList<>();
        if (step.has("operations")) {
            if (step.has("flag") || CHANGE_KEYS.stream().anyMatch(step::has)) {
                throw new FlagOperationException("operations: give either flag with its changes, or operations, "
                        + "not both");
            }
            List<Object> list = step.list("operations");
            Set<String> entryKeys = new HashSet<>(CHANGE_KEYS);
            entryKeys.add("flag");
            for (int i = 0; i < list.size(); i++) {
                StepArguments entry = new StepArguments("operations[" + i + "]", list.get(i), entryKeys);
                operations.addAll(changes(entry, entry.string("flag")));
            }
        } else {
            operations.addAll(changes(step, step.string("flag")));
        }
        if (operations.isEmpty()) {
            throw new FlagOperationException("flag: name a flag and a change (one of "
                    + String.join(", ", new java.util.TreeSet<>(CHANGE_KEYS)) + "), or give operations");
        }
        return new FlagChangeRequest(operations, testUsers(step), step.bool("dryRun", false));
    }

    private static List<FlagOperation> changes(StepArguments args, String flag) {
        List<FlagOperation> operations = new ArrayList<>();
        Map<String, Object> segments = args.map("segments");
        if (segments != null) {
            segments.forEach((name, conditions) -> operations.add(new DefineSegment(name,
                    conditions(args.name("segments." + name), conditions))));
        }
        boolean flagChanges = CHANGE_KEYS.stream().anyMatch(key -> !key.equals("segments") && args.has(key));
        if (!flagChanges) {
            return operations;
        }
        if (flag == null) {
            throw new FlagOperationException(args.name("flag") + " is required with " + CHANGE_KEYS.stream()
                    .filter(key -> !key.equals("segments") && args.has(key)).findFirst().orElseThrow());
        }
        if (args.has("create")) {
            operations.add(create(args, flag));
        } else if (args.has("variants")) {
            operations.add(new SetVariants(flag, args.map("variants"), args.string("defaultVariant")));
        } else if (args.has("defaultVariant")) {
            operations.add(new SetDefaultVariant(flag, args.string("defaultVariant")));
        }
        if (args.has("rules")) {
            List<TargetingRule> rules = new ArrayList<>();
            List<Object> list = args.list("rules");
            for (int i = 0; i < list.size(); i++) {
                rules.add(rule(args.name("rules[" + i + "]"), list.get(i)));
            }
            operations.add(new SetTargeting(flag, rules));
        }
        for (String key : List.of("variant", "otherVariant", "bucketBy", "ramp")) {
            if (args.has(key) && !args.has("percentage")) {
                throw new FlagOperationException(args.name(key) + " belongs to percentage, which is missing");
            }
        }
        if (args.has("percentage")) {
            String variant = args.has("variant") ? args.string("variant") : "on";
            operations.add(new PercentageRollout(flag, variant, args.string("otherVariant"), args.number("percentage"),
                    args.string("bucketBy"), ramp(args)));
        }
        if (args.has("experiment")) {
            StepArguments experiment = new StepArguments(args.name("experiment"), args.raw("experiment"),
                    Set.of("id", "weights", "bucketBy"));
            Map<String, Number> weights = new LinkedHashMap<>();
            Map<String, Object> raw = experiment.map("weights");
            if (raw != null) {
                raw.forEach((variant, weight) -> {
                    if (!(weight instanceof Number number)) {
                        throw new FlagOperationException(experiment.name("weights." + variant) + " must be a whole "
                                + "number, was " + StepArguments.describe(weight));
                    }
                    weights.put(variant, number);
                });
            }
            operations.add(Experiment.of(flag, experiment.requiredString("id"), weights,
                    experiment.string("bucketBy")));
        }
        if (args.has("lifecycle")) {
            operations.add(lifecycle(args, flag));
        }
        if (args.has("enabled")) {
            operations.add(new SetState(flag, args.bool("enabled", true) ? FlagState.ENABLED : FlagState.DISABLED));
        }
        if (args.has("killSwitch")) {
            Object kill = args.raw("killSwitch");
            if (Boolean.TRUE.equals(kill)) {
                operations.add(new KillSwitch(flag, null));
            } else if (kill instanceof String offVariant) {
                operations.add(new KillSwitch(flag, offVariant));
            } else {
                throw new FlagOperationException(args.name("killSwitch") + " must be true (disable the flag) or the "
                        + "name of the variant to pin everyone to, was " + StepArguments.describe(kill));
            }
        }
        if (args.bool("archive", false)) {
            operations.add(new ArchiveFlag(flag));
        }
        return operations;
    }

    private static CreateFlag create(StepArguments args, String flag) {
        Object create = args.raw("create");
        if (Boolean.TRUE.equals(create) && !args.has("variants")) {
            Map<String, Object> variants = new LinkedHashMap<>();
            variants.put("on", true);
            variants.put("off", false);
            String initial = args.has("defaultVariant") ? args.string("defaultVariant") : "off";
            return new CreateFlag(flag, variants, initial, FlagState.ENABLED, null);
        }
        if (!Boolean.TRUE.equals(create)) {
            throw new FlagOperationException(args.name("create") + " must be true (with variants and defaultVariant,"
                    + " or none for a boolean flag), was " + StepArguments.describe(create));
        }
        Map<String, Object> variants = args.map("variants");
        String defaultVariant = args.string("defaultVariant");
        if (defaultVariant == null) {
            throw new FlagOperationException(args.name("defaultVariant") + " is required when create has variants");
        }
        return new CreateFlag(flag, variants, defaultVariant, FlagState.ENABLED, null);
    }

    private static PercentageRollout.Ramp ramp(StepArguments args) {
        if (!args.has("ramp")) {
            return null;
        }
        StepArguments ramp = new StepArguments(args.name("ramp"), args.raw("ramp"), Set.of("from", "start", "end",
                "steps"));
        Integer steps = ramp.wholeNumber("steps", 1, PercentageRollout.Ramp.MAX_STEPS);
        return new PercentageRollout.Ramp(ramp.has("from") ? ramp.number("from") : 0, instant(ramp, "start"),
                instant(ramp, "end"), steps == null ? 10 : steps);
    }

    private static Instant instant(StepArguments args, String key) {
        String text = args.requiredString(key);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new FlagOperationException(args.name(key) + " must be an instant such as 2026-12-01T09:00:00Z, was '"
                    + text + "'", e);
        }
    }

    private static SetLifecycle lifecycle(StepArguments args, String flag) {
        StepArguments lifecycle = new StepArguments(args.name("lifecycle"), args.raw("lifecycle"),
                Set.of("owner", "expiresAt", "stage", "permanent", "metadata"));
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (lifecycle.has("metadata")) {
            metadata.putAll(lifecycle.map("metadata"));
        }
        if (lifecycle.has("permanent")) {
            metadata.put(Lifecycle.PERMANENT, lifecycle.bool("permanent", false));
        }
        String stage = lifecycle.string("stage");
        return new SetLifecycle(flag, lifecycle.string("owner"), lifecycle.string("expiresAt"),
                stage == null ? null : Lifecycle.Stage.parse(stage, lifecycle.name("stage")), metadata);
    }

    private static TargetingRule rule(String path, Object raw) {
        Set<String> keys = new HashSet<>(CONDITION_KEYS);
        keys.add("variant");
        StepArguments rule = new StepArguments(path, raw, keys);
        List<Condition> conditions = conditionsOf(rule);
        try {
            return new TargetingRule(rule.requiredString("variant"), conditions);
        } catch (FlagOperationException e) {
            // The rule names its field ("variant must be ..."); the path says which rule.
            throw e.getMessage().startsWith(path) ? e : new FlagOperationException(path + "." + e.getMessage(), e);
        }
    }

    private static List<Condition> conditions(String path, Object raw) {
        List<Object> list = raw instanceof List<?> many ? new ArrayList<>(many) : List.of(raw);
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            conditions.addAll(conditionsOf(new StepArguments(path + "[" + i + "]", list.get(i), CONDITION_KEYS)));
        }
        return conditions;
    }

    private static List<Condition> conditionsOf(StepArguments args) {
        List<Condition> conditions = new ArrayList<>();
        if (args.has("users")) {
            conditions.add(new Condition.UserIds(args.strings("users")));
        }
        if (args.has("segment")) {
            conditions.add(new Condition.InSegment(args.string("segment")));
        }
        if (args.has("regions")) {
            conditions.add(Condition.Attribute.regions(args.strings("regions")));
        }
        if (args.has("attribute") || args.has("op") || args.has("value")) {
            conditions.add(new Condition.Attribute(args.requiredString("attribute"),
                    MatchOperator.parse(args.requiredString("op")), args.raw("value")));
        }
        return conditions;
    }

    private static List<EvaluationContext> testUsers(StepArguments step) {
        List<Object> list = step.list("testUsers");
        List<EvaluationContext> users = new ArrayList<>();
        if (list == null) {
            return users;
        }
        for (int i = 0; i < list.size(); i++) {
            Object user = list.get(i);
            if (user instanceof String key) {
                users.add(EvaluationContext.of(key));
            } else if (user instanceof Map<?, ?> attributes && attributes.get("targetingKey") instanceof String) {
                Map<String, Object> copy = new LinkedHashMap<>();
                attributes.forEach((name, value) -> copy.put(String.valueOf(name), value));
                users.add(new EvaluationContext(null, copy));
            } else {
                throw new FlagOperationException("testUsers[" + i + "] must be a user id or a map with targetingKey and"
                        + " attributes, was " + StepArguments.describe(user));
            }
        }
        return users;
    }
}
