package io.jenkins.plugins.progressive.engine.strategy.rolling;

import io.jenkins.plugins.progressive.engine.analysis.AnalysisPlan;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import io.jenkins.plugins.progressive.engine.cluster.HttpHealthCheck;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec;
import io.jenkins.plugins.progressive.engine.strategy.RolloutPlan;
import io.jenkins.plugins.progressive.engine.workload.Batches;
import io.jenkins.plugins.progressive.engine.workload.ImageChange;
import io.jenkins.plugins.progressive.engine.workload.PodTemplateChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a rolling update will do, validated before anything is written: which Deployment, which images, how
 * fast, in which batches, which checks between batches, and what happens on failure.
 *
 * @param namespace the Deployment's namespace
 * @param deployment the Deployment's name
 * @param images new images per container (at least one; derived from the manifest when one is given)
 * @param templateChange env, resources and pod annotations to merge into the template
 * @param manifest a full Deployment (YAML) whose pod template and rolling settings are applied; null to change
 *     only what {@code images} and {@code templateChange} say
 * @param changeCause recorded as {@code kubernetes.io/change-cause}, e.g. the build URL; may be null
 * @param parameters rolling settings to set; {@link RollingParameters#KEEP} keeps the Deployment's
 * @param batches steps at which the rollout stops to check
 * @param healthChecks HTTP checks through the API server's service proxy at each step
 * @param analysis metric gates at each step, or null
 * @param analysisService the {@code service} label of the request metrics; defaults to the Deployment's name
 * @param autoRollback undo on failure (default); false leaves the Deployment paused for a human
 * @param onInconclusive what inconclusive gates lead to
 * @param preHook a Job to run before any pod changes (migration expand phase), or null
 * @param postHook a Job to run after success (migration contract phase), or null
 * @param holder who runs the rollout (the build URL), shown to a second rollout that is refused
 */
public record RollingPlan(String namespace, String deployment, List<ImageChange> images,
        PodTemplateChange templateChange, String manifest, String changeCause,
        RollingParameters parameters, Batches batches, List<HttpHealthCheck> healthChecks, AnalysisPlan analysis,
        String analysisService, boolean autoRollback, InconclusivePolicy onInconclusive, HookSpec preHook,
        HookSpec postHook, String holder) implements RolloutPlan {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public RollingPlan {
        if (namespace == null || namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new PlanException("namespace: '" + namespace + "' is not a valid namespace name");
        }
        if (deployment == null || deployment.length() > 253 || !DNS_SUBDOMAIN.matcher(deployment).matches()) {
            throw new PlanException("deployment: '" + deployment + "' is not a valid Deployment name");
        }
        templateChange = templateChange == null ? PodTemplateChange.NONE : templateChange;
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (manifest != null) {
            if (!images.isEmpty() || !templateChange.isEmpty()) {
                throw new PlanException("manifest: give either a manifest or images/env/resources, not both");
            }
            images = DeploymentManifest.parse(manifest, namespace, deployment).images();
        }
        ImageChange.requireValidList(images);
        if (changeCause != null && changeCause.length() > 1024) {
            throw new PlanException("changeCause: longer than 1024 characters");
        }
        parameters = parameters == null ? RollingParameters.KEEP : parameters;
        batches = batches == null ? Batches.SINGLE : batches;
        healthChecks = List.copyOf(healthChecks == null ? List.of() : healthChecks);
        analysisService = analysisService == null || analysisService.isBlank() ? deployment : analysisService.strip();
        onInconclusive = onInconclusive == null ? InconclusivePolicy.ROLLBACK : onInconclusive;
        holder = holder == null || holder.isBlank() ? "unknown" : holder;
        if (preHook != null && preHook.phase() != HookSpec.Phase.PRE) {
            throw new PlanException("preHook: the hook's phase is " + preHook.phase() + ", expected PRE");
        }
        if (postHook != null && postHook.phase() != HookSpec.Phase.POST) {
            throw new PlanException("postHook: the hook's phase is " + postHook.phase() + ", expected POST");
        }
    }

    public static Builder builder(String namespace, String deployment) {
        return new Builder(namespace, deployment);
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final String namespace;
        private final String deployment;
        private final List<ImageChange> images = new ArrayList<>();
        private final Map<String, Map<String, String>> env = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> requests = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> limits = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private String manifest;
        private String changeCause;
        private RollingParameters parameters = RollingParameters.KEEP;
        private Batches batches = Batches.SINGLE;
        private final List<HttpHealthCheck> healthChecks = new ArrayList<>();
        private AnalysisPlan analysis;
        private String analysisService;
        private boolean autoRollback = true;
        private InconclusivePolicy onInconclusive = InconclusivePolicy.ROLLBACK;
        private HookSpec preHook;
        private HookSpec postHook;
        private String holder;

        private Builder(String namespace, String deployment) {
            this.namespace = namespace;
            this.deployment = deployment;
        }

        public Builder image(String container, String image) {
            images.add(new ImageChange(container, image));
            return this;
        }

        public Builder env(String container, String name, String value) {
            env.computeIfAbsent(container, c -> new LinkedHashMap<>()).put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder requests(String container, String resource, String quantity) {
            requests.computeIfAbsent(container, c -> new LinkedHashMap<>()).put(resource, quantity);
            return this;
        }

        public Builder limits(String container, String resource, String quantity) {
            limits.computeIfAbsent(container, c -> new LinkedHashMap<>()).put(resource, quantity);
            return this;
        }

        public Builder podAnnotation(String key, String value) {
            annotations.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A full Deployment manifest (YAML) instead of images and template changes. */
        public Builder manifest(String yaml) {
            manifest = yaml;
            return this;
        }

        public Builder changeCause(String value) {
            changeCause = value;
            return this;
        }

        public Builder parameters(RollingParameters value) {
            parameters = value;
            return this;
        }

        public Builder batches(Batches value) {
            batches = value;
            return this;
        }

        public Builder healthCheck(HttpHealthCheck value) {
            healthChecks.add(Objects.requireNonNull(value, "healthCheck"));
            return this;
        }

        public Builder analysis(AnalysisPlan value, String service) {
            analysis = value;
            analysisService = service;
            return this;
        }

        public Builder autoRollback(boolean value) {
            autoRollback = value;
            return this;
        }

        public Builder onInconclusive(InconclusivePolicy value) {
            onInconclusive = value;
            return this;
        }

        public Builder hooks(HookSpec pre, HookSpec post) {
            preHook = pre;
            postHook = post;
            return this;
        }

        public Builder holder(String value) {
            holder = value;
            return this;
        }

        public RollingPlan build() {
            return new RollingPlan(namespace, deployment, images, new PodTemplateChange(env, requests, limits,
                    annotations), manifest, changeCause, parameters, batches, healthChecks,
                    analysis, analysisService, autoRollback, onInconclusive, preHook, postHook, holder);
        }
    }

    @Override
    public String workload() {
        return deployment;
    }

    @Override
    public String target() {
        return "deployment " + namespace + "/" + deployment;
    }
}
