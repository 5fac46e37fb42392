package io.jenkins.plugins.progressive.engine.campaign;

import io.jenkins.plugins.progressive.sandbox.api.FaultKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The campaign's results as a Markdown table: one row per strategy, then the totals. */
final class CampaignTable {

    private CampaignTable() {
    }

    static String render(List<RunResult> results, long seed) {
        StringBuilder out = new StringBuilder();
        out.append("| strategy | runs | good / bad | outcomes | faults armed | requests hit, by fault | median run | violations |\n");
        out.append("|---|---:|---|---|---:|---|---:|---:|\n");
        Map<CampaignStrategy, List<RunResult>> byStrategy = results.stream()
                .collect(Collectors.groupingBy(RunResult::strategy, () -> new EnumMap<>(CampaignStrategy.class),
                        Collectors.toList()));
        byStrategy.forEach((strategy, runs) -> out.append(row(strategy.name().toLowerCase(java.util.Locale.ROOT), runs)));
        out.append(row("**all**", results));
        out.append("\nseed ").append(seed).append('\n');
        return out.toString();
    }

    private static String row(String name, List<RunResult> runs) {
        long good = runs.stream().filter(RunResult::good).count();
        Map<String, Long> outcomes = new TreeMap<>();
        runs.forEach(r -> outcomes.merge((r.good() ? "good→" : "bad→") + r.result(), 1L, Long::sum));
        Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
        runs.forEach(r -> r.faults().forEach((kind, n) -> faults.merge(kind, n, Long::sum)));
        long[] took = runs.stream().mapToLong(r -> r.took().toMillis()).sorted().toArray();
        long violations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        return "| " + name + " | " + runs.size() + " | " + good + " / " + (runs.size() - good) + " | "
                + outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + " | " + runs.stream().mapToInt(RunResult::injected).sum()
                + " | " + faults.entrySet().stream().map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT)
                        + " " + e.getValue()).collect(Collectors.joining(", "))
                + " | " + (took.length == 0 ? "-" : String.format("%.1f s", took[took.length / 2] / 1000.0))
                + " | " + violations + " |\n";
    }
}
