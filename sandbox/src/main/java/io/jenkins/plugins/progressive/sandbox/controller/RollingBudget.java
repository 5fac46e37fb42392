package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * How many pods a rolling update may add above, and take below, the desired count. Percentages round surge up and
 * unavailability down; when both come out as zero, one pod may be unavailable (the API server would reject both
 * zero, but the mock does not validate, so the controller mends it like the real one does).
 */
record RollingBudget(int maxSurge, int maxUnavailable) {

    private static final IntOrString DEFAULT = new IntOrString("25%");

    static RollingBudget of(Deployment deployment, int replicas) {
        RollingUpdateDeployment rolling = deployment.getSpec().getStrategy() == null
                ? null : deployment.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = rolling == null || rolling.getMaxSurge() == null ? DEFAULT : rolling.getMaxSurge();
        IntOrString unavailable = rolling == null || rolling.getMaxUnavailable() == null
                ? DEFAULT : rolling.getMaxUnavailable();
        int maxSurge = resolve(surge, replicas, true);
        int maxUnavailable = resolve(unavailable, replicas, false);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        return new RollingBudget(maxSurge, Math.min(maxUnavailable, replicas));
    }

    static int resolve(IntOrString value, int total, boolean roundUp) {
        if (value.getIntVal() != null) {
            return Math.max(0, value.getIntVal());
        }
        String text = value.getStrVal().trim();
        if (!text.endsWith("%")) {
            return Math.max(0, Integer.parseInt(text));
        }
        double exact = Integer.parseInt(text.substring(0, text.length() - 1)) * total / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }
}
