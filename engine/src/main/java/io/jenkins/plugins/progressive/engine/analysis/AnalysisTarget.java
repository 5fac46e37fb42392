package io.jenkins.plugins.progressive.engine.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The version an analysis judges, and the baseline it is compared with (the stable or blue version), as the values
 * of the standard placeholders. Values are checked so they cannot break out of a PromQL label matcher.
 *
 * @param namespace the workload's namespace
 * @param service the service (the {@code service} label of the request metrics)
 * @param version the version under test (the {@code version} label)
 * @param pods a regular expression matching the version's pod names (for container metrics)
 * @param baselineVersion the version to compare with, or {@code null} when no check compares
 * @param baselinePods the baseline's pod-name expression, or {@code null}
 */
public record AnalysisTarget(String namespace, String service, String version, String pods, String baselineVersion,
        String baselinePods) {

    public AnalysisTarget {
        requireLabelValue("namespace", namespace, false);
        requireLabelValue("service", service, false);
        requireLabelValue("version", version, false);
        requireLabelValue("pods", pods, false);
        requireLabelValue("baselineVersion", baselineVersion, true);
        requireLabelValue("baselinePods", baselinePods, true);
        if ((baselineVersion == null) != (baselinePods == null)) {
            throw new PlanException("baselineVersion and baselinePods go together: set both or neither");
        }
    }

    /** A target without baseline. */
    public static AnalysisTarget of(String namespace, String service, String version, String pods) {
        return new AnalysisTarget(namespace, service, version, pods, null, null);
    }

    public AnalysisTarget withBaseline(String version, String pods) {
        return new AnalysisTarget(namespace, service, this.version, this.pods, version, pods);
    }

    public Optional<AnalysisTarget> baseline() {
        return baselineVersion == null ? Optional.empty()
                : Optional.of(new AnalysisTarget(namespace, service, baselineVersion, baselinePods, null, null));
    }

    /** The placeholder values for this version. */
    Map<String, String> placeholders(AnalysisPlan plan) {
        Map<String, String> values = new HashMap<>(plan.variables());
        values.put("namespace", namespace);
        values.put("service", service);
        values.put("version", version);
        values.put("pods", pods);
        values.put("window", plan.timing().windowAsPromQl());
        return values;
    }

    private static void requireLabelValue(String field, String value, boolean optional) {
        if (value == null) {
            if (optional) {
                return;
            }
            throw new PlanException(field + ": is required");
        }
        if (value.isBlank()) {
            throw new PlanException(field + ": must not be blank");
        }
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('`') >= 0) {
            throw new PlanException(field + ": must not contain quotes, backslashes or line breaks, was '"
                    + value.replace("\n", "\\n") + "'");
        }
    }
}
