package io.jenkins.plugins.progressive.engine.cluster;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Kubernetes' int-or-percent values ({@code maxSurge: 25%}, {@code minAvailable: 2}) resolved against a count. */
public final class IntOrPercent {

    private IntOrPercent() {
    }

    /** Kubernetes' {@code GetScaledValueFromIntOrPercent}; null when the value is neither a number nor a percentage. */
    public static Integer scaled(IntOrString value, int total, boolean roundUp) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal().strip();
        if (!text.matches("\\d{1,9}%")) {
            return null;
        }
        long percent = Long.parseLong(text.substring(0, text.length() - 1));
        return (int) (roundUp ? (percent * total + 99) / 100 : percent * total / 100);
    }
}
