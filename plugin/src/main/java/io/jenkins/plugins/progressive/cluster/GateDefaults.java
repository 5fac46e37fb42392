package io.jenkins.plugins.progressive.cluster;

import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.Condition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's own thresholds for the built-in gates, one per line as an administrator writes them:
 * {@code errorRate < 0.5%}, {@code latencyP99 < 150ms}. A production cluster can be stricter than staging without
 * every Jenkinsfile repeating the numbers; a step's own {@code condition} still wins.
 */
public final class GateDefaults {
    private GateDefaults() {}

    /** Check name → condition text; invalid lines throw with the line quoted. */
    public static Map<String, String> parse(String text) {
        Map<String, String> conditions = new LinkedHashMap<>();
        if (text == null) {
            return conditions;
        }
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String name = space < 0 ? line : line.substring(0, space);
            String condition = space < 0 ? "" : line.substring(space + 1).strip();
            if (BuiltInChecks.named(name).isEmpty()) {
                throw new IllegalArgumentException("'" + line + "': " + name
                        + " is not a built-in check (errorRate, latencyP99, cpu, memory)");
            }
            try {
                Condition.parse(condition);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + line + "': " + e.getMessage());
            }
            if (conditions.put(name, condition) != null) {
                throw new IllegalArgumentException("'" + line + "': " + name + " is given twice");
            }
        }
        return conditions;
    }

    /** @return what is wrong with the text, if anything */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
