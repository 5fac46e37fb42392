package io.jenkins.plugins.progressive.engine.analysis.prometheus;

import java.util.Map;
import java.util.Objects;

/**
 * One series of an instant-query answer: its labels and its value. Prometheus writes NaN and infinities as strings;
 * they arrive here as the corresponding doubles, and the analysis treats them as "no usable data".
 *
 * @param labels the series' labels ({@code {}} for a scalar or an aggregate without labels)
 * @param value the sample value
 */
public record Sample(Map<String, String> labels, double value) {

    public Sample {
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    }
}
