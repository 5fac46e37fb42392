package io.jenkins.plugins.progressive.sandbox.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of one scrape in the Prometheus text format, looked up by name and labels so tests
 * do not depend on the exporter's label order or number format.
 */
record ScrapedMetrics(List<Sample> samples) {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static ScrapedMetrics parse(String text) {
        return new ScrapedMetrics(text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            return new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3)));
        }).toList());
    }

    /** The value of the one sample with exactly these labels. */
    OptionalDouble value(String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .toList();
        if (matching.size() > 1) {
            throw new IllegalStateException("more than one sample " + name + labels);
        }
        return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
    }

    /** Every sample of a metric. */
    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
