package io.jenkins.plugins.progressive.steps.args;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a step takes from outside its own arguments: the namespace when the step names none (the cluster's default),
 * who runs the rollout (the build URL: lock holder, change cause, hook run ids), the cluster's default approvers and
 * its thresholds for the built-in gates (check name → condition).
 */
public record StepDefaults(String namespace, String holder, List<String> approvers, Map<String, String> gateConditions) {
    public StepDefaults {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(holder, "holder");
        approvers = List.copyOf(approvers == null ? List.of() : approvers);
        gateConditions = Map.copyOf(gateConditions == null ? Map.of() : gateConditions);
    }

    public StepDefaults(String namespace, String holder, List<String> approvers) {
        this(namespace, holder, approvers, Map.of());
    }

    /** The step's {@code namespace}, or the default. */
    public String namespace(Args step) {
        return step.has("namespace") ? step.requiredString("namespace") : namespace;
    }
}
