package io.jenkins.plugins.progressive.engine.flags.ops;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One targeting rule: users matching every condition get the variant.
 *
 * @param variant the variant served
 * @param conditions all must hold (at least one)
 */
public record TargetingRule(String variant, List<Condition> conditions) {

    public TargetingRule {
        Params.name(variant, "variant");
        if (conditions == null || conditions.isEmpty()) {
            throw new FlagOperationException("rule for variant '" + variant + "' needs at least one condition "
                    + "(users, segment, regions or an attribute rule)");
        }
        conditions = List.copyOf(conditions);
    }

    public static TargetingRule of(String variant, Condition... conditions) {
        return new TargetingRule(variant, List.of(conditions));
    }

    String describe() {
        return conditions.stream().map(Condition::describe).collect(Collectors.joining(" and ")) + " -> " + variant;
    }
}
