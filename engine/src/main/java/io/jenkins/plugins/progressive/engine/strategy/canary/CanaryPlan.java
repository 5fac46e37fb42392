package io.jenkins.plugins.progressive.engine.strategy.canary;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisLimits;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.AnalysisTiming;
import io.jenkins.plugins.progressive.engine.analysis.BuiltInChecks;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.traffic.RouterSpec;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A canary release of one Deployment: a canary Deployment of the new images next to it, traffic moved by a router
 * through the steps, gates along the way, promotion of the stable Deployment at the end.
 *
 * @param namespace where the app runs
 * @param app the stable Deployment's name; the canary is {@code <app>-canary}, its Services {@code <app>-stable}
 *     and {@code <app>-canary}
 * @param images new images per container
 * @param routerKind how traffic is split
 * @param routerObject the user's HTTPRoute, VirtualService or primary Ingress; null for replica ratio
 * @param steps what to do, in order
 * @param background gates that run across the steps from {@code backgroundFrom} on (count 0 = until the end), or null
 * @param backgroundFrom the index of the step at which background analysis starts
 * @param canaryReplicas a fixed canary size for exact routers; null follows the weight ({@code ceil(replicas × w)})
 * @param holder who runs the release (build URL)
 */
public record CanaryPlan(String namespace, String app, List<ImageChange> images, RouterSpec.Kind routerKind,
        String routerObject, List<CanaryStep> steps,
        AnalysisPlan background, int backgroundFrom, Integer canaryReplicas, String holder) implements RolloutPlan {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public CanaryPlan {
        if (namespace == null || !NAME.matcher(namespace).matches() || namespace.length() > 63) {
            throw new PlanException("namespace: '" + namespace + "' is not a valid namespace name");
        }
        if (app == null || !NAME.matcher(app).matches() || app.length() > 56) {
            throw new PlanException("app: '" + app + "' is not a valid Deployment name (at most 56 characters, so that "
                    + "'-canary' fits)");
        }
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (images.isEmpty()) {
            throw new PlanException("images: name at least one container and its new image");
        }
        Objects.requireNonNull(routerKind, "routerKind");
        if (routerKind != RouterSpec.Kind.REPLICA_RATIO && (routerObject == null || !NAME.matcher(routerObject).matches())) {
            throw new PlanException("router: " + routerKind + " needs the name of the object it manages, was '" + routerObject + "'");
        }
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (steps.isEmpty()) {
            throw new PlanException("steps: at least one step is needed");
        }
        int previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof CanaryStep.SetWeight weight) {
                if (weight.percent() < previous) {
                    throw new PlanException("steps[" + i + "]: weights must not decrease, but " + weight.percent()
                            + "% follows " + previous + "%");
                }
                previous = weight.percent();
            }
        }
        if (backgroundFrom < 0 || backgroundFrom >= steps.size()) {
            throw new PlanException("backgroundFrom: must be a step index 0.." + (steps.size() - 1) + ", was " + backgroundFrom);
        }
        if (canaryReplicas != null && canaryReplicas < 1) {
            throw new PlanException("canaryReplicas: must be at least 1, was " + canaryReplicas);
        }
        if (canaryReplicas != null && routerKind == RouterSpec.Kind.REPLICA_RATIO) {
            throw new PlanException("canaryReplicas: a fixed canary size needs a router with exact weights; with replica "
                    + "ratio the replicas are the weights");
        }
        holder = holder == null || holder.isBlank() ? "unknown" : holder;
    }

    /** The seed's shorthand: each weight followed by the default gates (the four built-in checks, one minute apart). */
    public static List<CanaryStep> weights(List<Integer> percents, AnalysisPlan gates) {
        List<CanaryStep> steps = new ArrayList<>();
        for (int percent : percents) {
            steps.add(new CanaryStep.SetWeight(percent));
            if (percent < 100) {
                steps.add(new CanaryStep.Analysis(gates == null ? defaultGates() : gates));
            }
        }
        return steps;
    }

    /** Error rate < 1%, p99 < 200 ms, CPU < 80%, memory < 85%: one minute apart, three measurements per step. */
    public static AnalysisPlan defaultGates() {
        return new AnalysisPlan(BuiltInChecks.all(), AnalysisTiming.DEFAULT.withInterval(Duration.ofMinutes(1)).withCount(3),
                AnalysisLimits.DEFAULT, null, Map.of());
    }

    /** The largest weight the steps reach. */
    public int finalWeight() {
        return steps.stream().filter(CanaryStep.SetWeight.class::isInstance).mapToInt(s -> ((CanaryStep.SetWeight) s).percent())
                .max().orElse(0);
    }

    @Override
    public String workload() {
        return app;
    }

    @Override
    public String target() {
        return "app " + namespace + "/" + app + " (canary)";
    }
}
