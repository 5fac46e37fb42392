package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Defines (or redefines) a reusable segment: an {@code $evaluators} entry that rules refer to with {@code $ref}.
 * Redefining it changes every flag that uses it, and the result is checked for all of them.
 *
 * @param segment the name
 * @param conditions all must hold; not another segment, because flagd does not resolve a {@code $ref} inside
 *     {@code $evaluators}
 */
public record DefineSegment(String segment, List<Condition> conditions) implements FlagOperation {

    public DefineSegment {
        Params.name(segment, "segment");
        if (conditions == null || conditions.isEmpty()) {
            throw new FlagOperationException("segment '" + segment + "' needs at least one condition");
        }
        for (Condition condition : conditions) {
            if (condition instanceof Condition.InSegment in) {
                throw new FlagOperationException("segment '" + segment + "': conditions may not refer to segment '"
                        + in.segment() + "'; flagd does not resolve $ref inside $evaluators, so repeat its rules");
            }
        }
        conditions = List.copyOf(conditions);
    }

    @Override
    public String flagKey() {
        return null;
    }

    @Override
    public String describe() {
        return "define segment '" + segment + "': "
                + conditions.stream().map(Condition::describe).collect(Collectors.joining(" and "));
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        return set.withEvaluator(segment, Condition.allOf(conditions));
    }
}
