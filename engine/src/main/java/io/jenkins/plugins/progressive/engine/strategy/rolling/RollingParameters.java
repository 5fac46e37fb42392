package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.util.regex.Pattern;

/**
 * The Deployment's rolling settings the rollout sets; {@code null} keeps the Deployment's own value.
 *
 * @param maxSurge pods above the desired count during the update, a number or a percentage
 * @param maxUnavailable pods below the desired count during the update, a number or a percentage
 * @param minReadySeconds how long a new pod must be ready before it counts as available
 * @param progressDeadlineSeconds how long the rollout may go without progress before it has failed
 */
public record RollingParameters(String maxSurge, String maxUnavailable, Integer minReadySeconds,
        Integer progressDeadlineSeconds) {

    public static final RollingParameters KEEP = new RollingParameters(null, null, null, null);
    private static final Pattern INT_OR_PERCENT = Pattern.compile("\\d{1,6}%?");

    public RollingParameters {
        maxSurge = check("maxSurge", maxSurge);
        maxUnavailable = check("maxUnavailable", maxUnavailable);
        if (maxSurge != null && maxUnavailable != null && isZero(maxSurge) && isZero(maxUnavailable)) {
            throw new PlanException("maxUnavailable: 0 with maxSurge 0 too (both are 0), so the rollout could never "
                    + "replace a pod");
        }
        if (minReadySeconds != null && minReadySeconds < 0) {
            throw new PlanException("minReadySeconds: must not be negative, was " + minReadySeconds);
        }
        if (progressDeadlineSeconds != null && progressDeadlineSeconds < 1) {
            throw new PlanException("progressDeadlineSeconds: must be at least 1, was " + progressDeadlineSeconds);
        }
        if (progressDeadlineSeconds != null && minReadySeconds != null && progressDeadlineSeconds <= minReadySeconds) {
            throw new PlanException("progressDeadlineSeconds: must be greater than minReadySeconds (" + minReadySeconds
                    + "), was " + progressDeadlineSeconds);
        }
    }

    static IntOrString intOrString(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    private static String check(String field, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (!INT_OR_PERCENT.matcher(trimmed).matches()) {
            throw new PlanException(field + ": '" + value + "' must be a whole number or a percentage like 25%");
        }
        if (trimmed.endsWith("%") && Integer.parseInt(trimmed.substring(0, trimmed.length() - 1)) > 100) {
            throw new PlanException(field + ": " + trimmed + " is more than 100%");
        }
        return trimmed;
    }

    private static boolean isZero(String value) {
        return value.equals("0") || value.equals("0%");
    }
}
