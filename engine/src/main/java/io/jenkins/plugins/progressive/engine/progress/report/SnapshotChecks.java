package io.jenkins.plugins.progressive.engine.progress.report;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.MetricCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metric checks of several gates as one list for the snapshot: a canary runs the same gates at every weight and a
 * blue/green the same check before and after the switch, and the page shows one chart per check name (the first
 * plan's condition), with every measurement on it.
 */
final class SnapshotChecks {

    private SnapshotChecks() {
    }

    static List<MetricCheck> of(AnalysisPlan... plans) {
        return of(Arrays.asList(plans));
    }

    static List<MetricCheck> of(List<AnalysisPlan> plans) {
        Map<String, MetricCheck> byName = new LinkedHashMap<>();
        plans.stream().filter(Objects::nonNull).flatMap(p -> p.checks().stream())
                .forEach(check -> byName.putIfAbsent(check.name(), check));
        return new ArrayList<>(byName.values());
    }
}
