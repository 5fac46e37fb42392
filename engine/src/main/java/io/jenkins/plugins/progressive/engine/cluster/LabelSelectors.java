package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Label selectors evaluated here rather than by the API server (which cannot when the question is about a spec). */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** A {@code policy/v1} selector: null selects nothing, empty selects every pod of the namespace. */
    public static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null
                ? List.of() : selector.getMatchExpressions();
        return matchLabels(selector.getMatchLabels(), labels) && expressions.stream().allMatch(r -> {
            String value = labels.get(r.getKey());
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            return switch (r.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false; // an operator the API server would have rejected selects nothing
            };
        });
    }

    /** Equality-based selection, as a Service's selector works: every wanted label present with its value. */
    public static boolean matchLabels(Map<String, String> wanted, Map<String, String> labels) {
        return wanted == null || wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
