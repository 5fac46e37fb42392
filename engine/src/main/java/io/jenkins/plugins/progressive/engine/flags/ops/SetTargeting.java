package io.jenkins.plugins.progressive.engine.flags.ops;

import io.jenkins.plugins.progressive.engine.flags.FlagDefinition;
import io.jenkins.plugins.progressive.engine.flags.FlagSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Replaces a flag's targeting rules, in order, first match wins; what everyone else gets (the default variant, a
 * percentage, an experiment) stays. No rules removes the rules.
 *
 * @param flag an existing flag
 * @param rules the rules in evaluation order
 */
public record SetTargeting(String flag, List<TargetingRule> rules) implements FlagOperation {

    public SetTargeting {
        Params.flagKey(flag);
        rules = List.copyOf(rules == null ? List.of() : rules);
    }

    @Override
    public String flagKey() {
        return flag;
    }

    @Override
    public String describe() {
        return "set targeting of '" + flag + "': " + (rules.isEmpty() ? "no rules"
                : rules.stream().map(TargetingRule::describe).collect(Collectors.joining("; ")));
    }

    @Override
    public FlagSet applyTo(FlagSet set, Instant now) {
        FlagDefinition current = Params.existing(set, flag);
        List<Object> chain = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            TargetingRule rule = rules.get(i);
            Params.variantOf(current, rule.variant(), "rules[" + i + "].variant");
            for (Condition condition : rule.conditions()) {
                if (condition instanceof Condition.InSegment in && !set.evaluators().containsKey(in.segment())) {
                    throw new FlagOperationException("rules[" + i + "].segment: '" + in.segment() + "' is not defined"
                            + " in $evaluators" + (set.evaluators().isEmpty() ? " (there are none)"
                                    : " (defined: " + String.join(", ", set.evaluators().keySet()) + ")")
                            + "; define it with a segment operation first");
                }
            }
            chain.add(Condition.allOf(rule.conditions()));
            chain.add(rule.variant());
        }
        TargetingLayout layout = TargetingLayout.of(current.targeting()).withRules(chain);
        return set.withFlag(current.withTargeting(layout.toTargeting()));
    }
}
