package io.jenkins.plugins.progressive.engine.hooks;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.progressive.engine.analysis.PlanException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns a {@link HookSpec} into the Job that runs it: its deterministic name, its labels, its spec. */
final class HookJobs {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "progressive-delivery";
    static final String PHASE = "progressive-delivery.jenkins.io/hook-phase";
    static final String RUN_ID = "progressive-delivery.jenkins.io/run-id";
    /** Failed Jobs stay a day for {@code kubectl logs}; finished ones are then cleaned up by Kubernetes. */
    static final int TTL_SECONDS_AFTER_FINISHED = 86_400;
    /**
     * The cluster ends a Job this long after the hook's timeout even if nobody watches (the controller is down);
     * the grace keeps the runner's own timeout, which deletes the Job and says so, the one that normally fires.
     */
    static final long DEADLINE_GRACE_SECONDS = 60;
    static final String CONTAINER = "hook";

    private static final int MAX_NAME = 63; // the Job name becomes a pod label value
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> RESTART_POLICIES = Set.of("Never", "OnFailure");

    private HookJobs() {
    }

    /**
     * {@code <prefix>-<phase>-<runId>} as a DNS label. A run id that is not already one (upper case, '#', '/') or
     * makes the name too long gets a short hash of the original, so two run ids never share a Job.
     */
    static String name(HookSpec spec, String runId) {
        String clean = runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-")
                .replaceAll("^-|-$", "");
        String name = spec.namePrefix() + "-" + spec.phase().label() + (clean.isEmpty() ? "" : "-" + clean);
        if (clean.equals(runId) && name.length() <= MAX_NAME) {
            return name;
        }
        String hash = "-" + sha256(runId).substring(0, 8);
        String head = name.substring(0, Math.min(name.length(), MAX_NAME - hash.length()));
        return head.replaceAll("-+$", "") + hash;
    }

    /** The run id as a label value (63 characters, alphanumeric ends); the exact id is in the annotation. */
    static String runIdLabel(String runId) {
        String clean = runId.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return clean.length() <= MAX_NAME ? clean : clean.substring(0, MAX_NAME).replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** Whether an existing Job is this hook's Job for this run, and not someone else's Job of the same name. */
    static boolean belongsTo(Job job, HookSpec.Phase phase, String runId) {
        Map<String, String> labels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
        Map<String, String> annotations = job.getMetadata().getAnnotations() == null
                ? Map.of() : job.getMetadata().getAnnotations();
        return MANAGER.equals(labels.get(MANAGED_BY)) && phase.label().equals(labels.get(PHASE))
                && runId.equals(annotations.get(RUN_ID));
    }

    /**
     * The Job to create for this hook and run.
     *
     * @throws PlanException if a manifest names another namespace
     */
    static Job build(HookSpec spec, String namespace, String runId) {
        return build(spec, namespace, runId, Map.of());
    }

    /**
     * The Job to create for this hook and run, with {@code env} added to every container that does not set the same
     * variable itself (what a canary's test Job needs to know: which Service is the canary, at what weight).
     *
     * @throws PlanException if a manifest names another namespace
     */
    static Job build(HookSpec spec, String namespace, String runId, Map<String, String> env) {
        Job job = named(spec, namespace, runId);
        if (!env.isEmpty()) {
            for (Container container : job.getSpec().getTemplate().getSpec().getContainers()) {
                List<EnvVar> own = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
                Set<String> named = own.stream().map(EnvVar::getName).collect(Collectors.toSet());
                new TreeMap<>(env).forEach((name, value) -> {
                    if (!named.contains(name)) {
                        own.add(new EnvVar(name, value, null));
                    }
                });
                container.setEnv(own);
            }
        }
        return job;
    }

    /** The Job from the hook's manifest or template, with our name, labels and defaults. */
    private static Job named(HookSpec spec, String namespace, String runId) {
        Job job = spec.job() instanceof HookJob.Manifest manifest
                ? parse(manifest.yaml()) : fromTemplate((HookJob.Template) spec.job());
        String manifestNamespace = job.getMetadata().getNamespace();
        if (manifestNamespace != null && !manifestNamespace.equals(namespace)) {
            throw new PlanException(spec.phase().field() + ".manifest: metadata.namespace is '" + manifestNamespace
                    + "', but the rollout runs in '" + namespace + "'");
        }
        Map<String, String> labels = Map.of(MANAGED_BY, MANAGER, PHASE, spec.phase().label(), RUN_ID, runIdLabel(runId));
        ObjectMeta metadata = job.getMetadata();
        metadata.setName(name(spec, runId));
        metadata.setNamespace(namespace);
        metadata.setGenerateName(null);
        metadata.setResourceVersion(null);
        metadata.setUid(null);
        metadata.setLabels(merged(metadata.getLabels(), labels));
        metadata.setAnnotations(merged(metadata.getAnnotations(), Map.of(RUN_ID, runId)));
        JobSpec jobSpec = job.getSpec();
        if (jobSpec.getBackoffLimit() == null) {
            jobSpec.setBackoffLimit(spec.backoffLimit());
        }
        if (jobSpec.getTtlSecondsAfterFinished() == null) {
            jobSpec.setTtlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED);
        }
        if (jobSpec.getActiveDeadlineSeconds() == null) {
            long timeoutSeconds = (spec.timeout().toMillis() + 999) / 1000;
            jobSpec.setActiveDeadlineSeconds(timeoutSeconds + DEADLINE_GRACE_SECONDS);
        }
        PodTemplateSpec template = jobSpec.getTemplate();
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        // The pods carry the same labels, so `kubectl logs -l progressive-delivery.jenkins.io/run-id=...` finds them.
        template.getMetadata().setLabels(merged(template.getMetadata().getLabels(), labels));
        if (template.getSpec().getRestartPolicy() == null) {
            template.getSpec().setRestartPolicy("Never");
        }
        return job;
    }

    /**
     * Parses and checks a manifest.
     *
     * @throws PlanException naming the field, e.g. {@code manifest: must be a batch/v1 Job, was apps/v1 Deployment}
     */
    static Job parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new PlanException("manifest: is empty; give a batch/v1 Job in YAML or JSON");
        }
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(yaml);
        } catch (RuntimeException e) {
            throw new PlanException("manifest: not a valid Kubernetes object: " + firstLine(e.getMessage()));
        }
        if (parsed instanceof List<?> list) {
            throw new PlanException("manifest: holds " + list.size() + " documents; give exactly one Job");
        }
        if (!(parsed instanceof Job job) || !"batch/v1".equals(job.getApiVersion())) {
            String found = parsed instanceof HasMetadata object ? object.getApiVersion() + " " + object.getKind()
                    : "no Kubernetes object";
            throw new PlanException("manifest: must be a batch/v1 Job, was " + found);
        }
        PodSpec pod = job.getSpec() == null || job.getSpec().getTemplate() == null
                ? null : job.getSpec().getTemplate().getSpec();
        if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
            throw new PlanException("manifest: spec.template.spec.containers: the Job has no containers");
        }
        for (int i = 0; i < pod.getContainers().size(); i++) {
            String image = pod.getContainers().get(i).getImage();
            if (image == null || !HookJob.Template.IMAGE.matcher(image).matches()) {
                throw new PlanException("manifest: spec.template.spec.containers[" + i + "].image: '" + image
                        + "' is not a valid image reference");
            }
        }
        if (pod.getRestartPolicy() != null && !RESTART_POLICIES.contains(pod.getRestartPolicy())) {
            throw new PlanException("manifest: spec.template.spec.restartPolicy: must be Never or OnFailure for a Job, was "
                    + pod.getRestartPolicy());
        }
        if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            throw new PlanException("manifest: spec.suspend: a suspended Job would never run");
        }
        return job;
    }

    private static Job fromTemplate(HookJob.Template template) {
        List<EnvVar> env = template.env().entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
        return new JobBuilder()
                .withNewMetadata().endMetadata()
                .withNewSpec()
                    .withNewTemplate()
                        .withNewMetadata().endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(template.serviceAccount())
                            .addNewContainer().withName(CONTAINER).withImage(template.image())
                                .withCommand(template.command()).withEnv(env).endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, String> merged(Map<String, String> own, Map<String, String> ours) {
        Map<String, String> result = new HashMap<>(own == null ? Map.of() : own);
        result.putAll(ours);
        return result;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
