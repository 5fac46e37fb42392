package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.progressive.engine.cluster.IntOrPercent;
import io.jenkins.plugins.progressive.engine.cluster.LabelSelectors;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks, before any write, whether a rolling update of a Deployment can keep serving the whole time: reads the
 * Deployment, the PodDisruptionBudgets ({@code policy/v1}) and Services of its namespace that select its pods, and
 * reports what would cause downtime (errors) or risks it (warnings). It only reads.
 *
 * <p>The rollout always runs as {@code RollingUpdate} with the given or the Deployment's own {@code maxSurge} and
 * {@code maxUnavailable} (Kubernetes' 25% when neither is set), resolved like the Deployment controller: surge rounds
 * up, unavailability down, and when both come to zero one pod may be unavailable. Label selectors are matched here,
 * not by the API server, so set-based ones count too.
 */
public final class ZeroDowntimePreflight {

    public static final String DEPLOYMENT_NOT_FOUND = "DEPLOYMENT_NOT_FOUND";
    public static final String DEPLOYMENT_UNREADABLE = "DEPLOYMENT_UNREADABLE";
    public static final String INVALID_ROLLING_PARAMETER = "INVALID_ROLLING_PARAMETER";
    public static final String SURGE_AND_UNAVAILABLE_ZERO = "SURGE_AND_UNAVAILABLE_ZERO";
    public static final String NO_AVAILABLE_PODS = "NO_AVAILABLE_PODS";
    public static final String DISRUPTION_BUDGET_VIOLATED = "DISRUPTION_BUDGET_VIOLATED";
    public static final String NO_READINESS_PROBE = "NO_READINESS_PROBE";
    public static final String SINGLE_REPLICA = "SINGLE_REPLICA";
    public static final String ABRUPT_TERMINATION = "ABRUPT_TERMINATION";
    public static final String MUTABLE_IMAGE_TAG = "MUTABLE_IMAGE_TAG";
    public static final String IMAGE_NOT_PINNED = "IMAGE_NOT_PINNED";
    public static final String UNREADABLE = "UNREADABLE";

    /** Below this, endpoints are usually still routing to a pod when it gets SIGTERM. */
    static final int MIN_GRACE_SECONDS = 5;
    private static final IntOrString KUBERNETES_DEFAULT = new IntOrString("25%");

    private final KubernetesClient client;
    private final String namespace;
    private final String id;
    private final Map<String, String> podLabels;
    private final PodSpec pod;
    private final List<PreflightFinding> findings = new ArrayList<>();

    private ZeroDowntimePreflight(KubernetesClient client, Deployment deployment) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = deployment.getMetadata().getNamespace();
        this.id = namespace + "/" + deployment.getMetadata().getName();
        this.podLabels = labels(deployment);
        this.pod = deployment.getSpec().getTemplate().getSpec();
    }

    /**
     * Reads the Deployment and checks it.
     *
     * @param maxSurge what the rollout sets, or null to keep the Deployment's own
     * @param maxUnavailable what the rollout sets, or null to keep the Deployment's own
     * @param images the new images; containers not named keep theirs
     * @return errors first, then warnings; empty when nothing was found
     */
    public static List<PreflightFinding> check(KubernetesClient client, String namespace, String name,
            IntOrString maxSurge, IntOrString maxUnavailable, List<ImageChange> images) {
        Deployment deployment;
        try {
            deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            return List.of(PreflightFinding.error(DEPLOYMENT_UNREADABLE,
                    "cannot read deployment " + namespace + "/" + name + ": " + problem(e)));
        }
        if (deployment == null) {
            return List.of(PreflightFinding.error(DEPLOYMENT_NOT_FOUND, "deployment " + namespace + "/" + name + " not found"));
        }
        return check(client, deployment, maxSurge, maxUnavailable, images);
    }

    /** Checks a Deployment the caller has just read; its PodDisruptionBudgets and Services are read here. */
    public static List<PreflightFinding> check(KubernetesClient client, Deployment deployment, IntOrString maxSurge,
            IntOrString maxUnavailable, List<ImageChange> images) {
        ZeroDowntimePreflight preflight = new ZeroDowntimePreflight(client, deployment);
        RollingUpdateDeployment own = deployment.getSpec().getStrategy() == null
                ? null : deployment.getSpec().getStrategy().getRollingUpdate();
        preflight.availability(replicas(deployment),
                maxSurge != null ? maxSurge : own != null && own.getMaxSurge() != null ? own.getMaxSurge() : KUBERNETES_DEFAULT,
                maxUnavailable != null ? maxUnavailable
                        : own != null && own.getMaxUnavailable() != null ? own.getMaxUnavailable() : KUBERNETES_DEFAULT);
        preflight.containers(images == null ? List.of() : images);
        preflight.findings.sort(Comparator.comparing(PreflightFinding::severity));
        return List.copyOf(preflight.findings);
    }

    private void availability(int replicas, IntOrString surgeValue, IntOrString unavailableValue) {
        Integer surge = resolve("maxSurge", surgeValue, replicas, true);
        Integer unavailable = resolve("maxUnavailable", unavailableValue, replicas, false);
        if (surge == null || unavailable == null) {
            return;
        }
        if (isZero(surgeValue) && isZero(unavailableValue)) {
            error(SURGE_AND_UNAVAILABLE_ZERO, "maxSurge and maxUnavailable are both 0: the rollout could never replace "
                    + "a pod (the API server rejects it); allow a surge of at least 1");
            return;
        }
        String settings = "maxSurge " + text(surgeValue, surge) + ", maxUnavailable " + text(unavailableValue, unavailable);
        // Both rounded down to zero: the Deployment controller then lets one pod be unavailable.
        unavailable = Math.min(surge == 0 && unavailable == 0 ? 1 : unavailable, replicas);
        if (replicas > 0 && unavailable >= replicas) {
            error(NO_AVAILABLE_PODS, settings + " let all " + replicas + " pod(s) of deployment " + id + " stop at once: "
                    + "nothing would serve during the rollout; use maxUnavailable 0 and maxSurge 1 or more");
        }
        if (replicas == 1) {
            warning(SINGLE_REPLICA, "deployment " + id + " has 1 replica: " + (unavailable == 0
                    ? "the new pod starts before the old one stops (" + settings + "), but a single pod leaves no spare "
                            + "capacity if the new one fails or a node drains; run 2 or more"
                    : "its only pod stops before the new one is ready (" + settings + "); set maxSurge 1 and "
                            + "maxUnavailable 0, and better run 2 or more replicas"));
        }
        if (unavailable > 0) {
            disruptionBudgets(replicas, unavailable, settings);
        }
    }

    private void disruptionBudgets(int replicas, int unavailable, String settings) {
        List<Deployment> deployments = null;
        for (PodDisruptionBudget budget : read("PodDisruptionBudgets",
                () -> client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems())) {
            LabelSelector selector = budget.getSpec() == null ? null : budget.getSpec().getSelector();
            if (!LabelSelectors.selects(selector, podLabels)) {
                continue;
            }
            // A budget counts every pod it selects, so other Deployments' pods are part of its expected count.
            if (deployments == null) {
                deployments = read("Deployments", () -> client.apps().deployments().inNamespace(namespace).list().getItems());
            }
            int expected = Math.max(replicas, deployments.stream().filter(d -> LabelSelectors.selects(selector, labels(d)))
                    .mapToInt(ZeroDowntimePreflight::replicas).sum());
            IntOrString minAvailable = budget.getSpec().getMinAvailable();
            IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
            // The disruption controller rounds both of a budget's percentages up.
            Integer allowedDown = maxUnavailable == null ? null : IntOrPercent.scaled(maxUnavailable, expected, true);
            Integer needed = minAvailable != null ? IntOrPercent.scaled(minAvailable, expected, true)
                    : allowedDown != null ? Math.max(0, expected - allowedDown) : null;
            int lowest = expected - unavailable;
            if (needed != null && lowest < needed) {
                String rule = minAvailable != null ? "minAvailable " + text(minAvailable) : "maxUnavailable " + text(maxUnavailable);
                error(DISRUPTION_BUDGET_VIOLATED, settings + " let availability fall to " + lowest + " of " + expected
                        + " pods, below what PodDisruptionBudget " + budget.getMetadata().getName() + " requires (" + rule
                        + ", at least " + needed + " available); a rolling update does not ask the budget, so lower "
                        + "maxUnavailable to " + Math.max(0, expected - needed) + " and allow a surge");
            }
        }
    }

    private void containers(List<ImageChange> images) {
        List<Container> containers = pod.getContainers() == null ? List.of() : pod.getContainers();
        containers.stream().filter(c -> c.getReadinessProbe() == null).forEach(c -> warning(NO_READINESS_PROBE,
                "container " + c.getName() + " has no readiness probe: a new pod counts as available and gets traffic "
                        + "as soon as it runs, before it can serve"));
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        List<String> abrupt = containers.stream().filter(c -> c.getLifecycle() == null || c.getLifecycle().getPreStop() == null)
                .map(Container::getName).toList();
        if (grace < MIN_GRACE_SECONDS && !abrupt.isEmpty()) {
            // A Service without a selector has hand-made endpoints: it does not follow these pods.
            List<String> services = read("Services", () -> client.services().inNamespace(namespace).list().getItems())
                    .stream().filter(s -> s.getSpec() != null && s.getSpec().getSelector() != null
                            && !s.getSpec().getSelector().isEmpty() && LabelSelectors.matchLabels(s.getSpec().getSelector(), podLabels))
                    .map(s -> s.getMetadata().getName()).toList();
            if (!services.isEmpty()) {
                warning(ABRUPT_TERMINATION, "Service " + String.join(", ", services) + " sends traffic to deployment " + id
                        + ", whose container(s) " + String.join(", ", abrupt) + " have no preStop hook and "
                        + "terminationGracePeriodSeconds is " + grace + ": a stopping pod is cut off while endpoints "
                        + "still route to it; add a preStop sleep of a few seconds and a longer grace period");
            }
        }
        Map<String, String> newImages = images.stream()
                .collect(Collectors.toMap(ImageChange::container, ImageChange::image, (a, b) -> b));
        Stream.concat(pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(), containers.stream())
                .forEach(c -> image(c.getName(), newImages.getOrDefault(c.getName(), c.getImage())));
    }

    private void image(String container, String image) {
        if (image == null || image.contains("@sha256:")) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String tag = colon > slash ? image.substring(colon + 1) : null;
        if (tag == null || tag.equals("latest")) {
            warning(MUTABLE_IMAGE_TAG, "container " + container + ": image " + image
                    + (tag == null ? " has no tag, so it means 'latest'" : " uses the tag 'latest'") + ", which can be "
                    + "a different build on each node and in each pod; deploy a version tag, pinned by digest (@sha256:…)");
        } else {
            warning(IMAGE_NOT_PINNED, "container " + container + ": image " + image + " is not pinned by digest "
                    + "(@sha256:…): if the tag is pushed again, pods started later in the rollout run a different build");
        }
    }

    private Integer resolve(String field, IntOrString value, int replicas, boolean roundUp) {
        Integer resolved = IntOrPercent.scaled(value, replicas, roundUp);
        if (resolved == null || resolved < 0) {
            error(INVALID_ROLLING_PARAMETER, field + ": '" + text(value) + "' must be a whole number or a percentage like 25%");
            return null;
        }
        if (!roundUp && text(value).endsWith("%") && IntOrPercent.scaled(value, 100, false) > 100) {
            error(INVALID_ROLLING_PARAMETER, field + ": " + text(value) + " is more than 100%");
            return null;
        }
        return resolved;
    }

    private static boolean isZero(IntOrString value) {
        return Integer.valueOf(0).equals(value.getIntVal()) || "0%".equals(value.getStrVal());
    }

    /** {@code 25% (1 pod)} for a percentage, so the log shows what it came to. */
    private static String text(IntOrString value, int resolved) {
        return value.getIntVal() != null ? text(value) : text(value) + " (" + resolved + (resolved == 1 ? " pod)" : " pods)");
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : String.valueOf(value.getStrVal());
    }

    private static int replicas(Deployment deployment) {
        return deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    }

    private static Map<String, String> labels(Deployment deployment) {
        var metadata = deployment.getSpec().getTemplate().getMetadata();
        return metadata == null || metadata.getLabels() == null ? Map.of() : metadata.getLabels();
    }

    private <T> List<T> read(String what, Supplier<List<T>> reader) {
        try {
            return reader.get();
        } catch (KubernetesClientException e) {
            // Unknown is not fine, but a missing read permission must not block every rollout: say what was skipped.
            warning(UNREADABLE, "cannot read " + what + " in namespace " + namespace + " (" + problem(e)
                    + "), so the checks that need them were skipped");
            return List.of();
        }
    }

    private static String problem(KubernetesClientException e) {
        String text = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + text;
    }

    private void error(String code, String message) {
        findings.add(PreflightFinding.error(code, message));
    }

    private void warning(String code, String message) {
        findings.add(PreflightFinding.warning(code, message));
    }
}
