package io.jenkins.plugins.progressive.engine.strategy.stateful;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rolling update of a StatefulSet in batches, validated before anything is written: which StatefulSet, which
 * images, at which shares of its pods to stop and check, and what happens on failure. The batches move the
 * StatefulSet's {@code partition}, so pods are replaced from the highest ordinal down, as Kubernetes does.
 *
 * @param namespace the StatefulSet's namespace
 * @param statefulSet its name
 * @param images new images per container (at least one)
 * @param batches shares of the pods on the new version at which the rollout stops to check (last one 100%)
 * @param healthChecks HTTP checks through the API server's service proxy after each batch
 * @param analysis metric gates after each batch (comparative checks judge the updated pods against the rest), or null
 * @param analysisService the {@code service} label of the request metrics; defaults to the StatefulSet's name
 * @param autoRollback undo on failure (default); false stops the rollout where it is for a person
 * @param progressDeadline how long one batch may take to have its pods ready
 * @param holder who runs the rollout (the build URL)
 */
public record StatefulPlan(String namespace, String statefulSet, List<ImageChange> images, Batches batches,
        List<HttpHealthCheck> healthChecks, AnalysisPlan analysis, String analysisService, boolean autoRollback,
        Duration progressDeadline, String holder) implements RolloutPlan {

    /** Kubernetes' own default for a Deployment's progress deadline; a StatefulSet has none, so the rollout sets one. */
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public StatefulPlan {
        if (namespace == null || namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new PlanException("namespace: '" + namespace + "' is not a valid namespace name");
        }
        // A StatefulSet's pods are <name>-<ordinal> and carry the name in a label: a DNS label, at most 52 characters
        // so that the controller-revision-hash label value fits.
        if (statefulSet == null || statefulSet.length() > 52 || !DNS_LABEL.matcher(statefulSet).matches()) {
            throw new PlanException("statefulSet: '" + statefulSet + "' is not a valid StatefulSet name (lower-case "
                    + "letters, digits and '-', at most 52 characters)");
        }
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        ImageChange.requireValidList(images);
        batches = batches == null ? Batches.SINGLE : batches;
        healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
        analysisService = analysisService == null ? statefulSet : analysisService;
        progressDeadline = progressDeadline == null ? DEFAULT_PROGRESS_DEADLINE : progressDeadline;
        if (progressDeadline.isNegative() || progressDeadline.isZero()) {
            throw new PlanException("progressDeadline: must be positive, was " + progressDeadline);
        }
        holder = holder == null || holder.isBlank() ? "unknown" : holder;
    }

    /** The new version, as the request metrics label it: the first image's tag. */
    public String version() {
        return ImageChange.tagOf(images.get(0).image());
    }

    @Override
    public String workload() {
        return statefulSet;
    }

    @Override
    public String target() {
        return "statefulset " + namespace + "/" + statefulSet;
    }
}
