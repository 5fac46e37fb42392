package io.jenkins.plugins.progressive.engine.hooks;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a hook Job to its end without holding a thread: the Job is created (or found) on the shared scheduler, an
 * informer reports its conditions, and a timer on the scheduler ends the wait.
 *
 * <p>Idempotent per run: the Job's name is derived from the hook and the run id, so a rollout that resumes after a
 * controller restart and runs the hook again with the same run id follows the Job it created before (even a finished
 * one) instead of starting a second migration. Its timeout then counts from that Job's creation.
 */
public final class JobRunner {

    private final Clock clock;

    public JobRunner() {
        this(Clock.systemUTC());
    }

    /** @param clock for durations and the timeout of a Job found from an earlier attempt */
    public JobRunner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the hook's Job, or finds the one this run created before, and follows it until it completes, fails, or
     * the hook's timeout runs out (then the Job is deleted, its pods in the background, and the outcome is
     * {@link HookOutcome.Result#TIMED_OUT}).
     *
     * @param runId identifies the rollout attempt, e.g. the build's id; the same id means the same Job
     * @return completes with the outcome; never exceptionally (API errors are {@link HookOutcome.Result#FAILED}
     *     with the error text)
     */
    public CompletableFuture<HookOutcome> run(KubernetesClient client, String namespace, HookSpec spec, String runId,
            ScheduledExecutorService scheduler) {
        return run(client, namespace, spec, runId, scheduler, Map.of());
    }

    /**
     * As {@link #run(KubernetesClient, String, HookSpec, String, ScheduledExecutorService)}, with {@code env} added
     * to every container of the Job that does not set the same variable itself.
     */
    public CompletableFuture<HookOutcome> run(KubernetesClient client, String namespace, HookSpec spec, String runId,
            ScheduledExecutorService scheduler, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(scheduler, "scheduler");
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        String name = HookJobs.name(spec, runId);
        Instant started = clock.instant();
        CompletableFuture<HookOutcome> result = new CompletableFuture<>();
        try {
            // Creating the Job is a blocking HTTP call: it runs on the scheduler, not on the caller's thread.
            scheduler.execute(() -> {
                try {
                    start(client, namespace, spec, runId, env, name, started, scheduler, result);
                } catch (RuntimeException e) {
                    result.complete(failure(name, e, started));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(new HookOutcome(HookOutcome.Result.FAILED, name, "ApiError",
                    "the scheduler is shut down; the Job was not created", Duration.ZERO));
        }
        return result;
    }

    private void start(KubernetesClient client, String namespace, HookSpec spec, String runId,
            Map<String, String> env, String name, Instant started, ScheduledExecutorService scheduler,
            CompletableFuture<HookOutcome> result) {
        Job wanted;
        try {
            wanted = HookJobs.build(spec, namespace, runId, env);
        } catch (IllegalArgumentException e) {
            result.complete(outcome(HookOutcome.Result.FAILED, name, "InvalidManifest", e.getMessage(), started));
            return;
        }
        Resource<Job> resource = client.batch().v1().jobs().inNamespace(namespace).withName(name);
        Job job = resource.get();
        Instant since = started;
        if (job == null) {
            try {
                job = client.batch().v1().jobs().inNamespace(namespace).resource(wanted).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // Someone created it between our read and our write: another attempt of this very run. Follow it.
                job = resource.get();
                if (job == null) {
                    throw e;
                }
                since = createdAt(job, started);
            }
        } else {
            since = createdAt(job, started);
        }
        if (!HookJobs.belongsTo(job, spec.phase(), runId)) {
            result.complete(outcome(HookOutcome.Result.FAILED, name, "NameTaken", "a Job named " + name + " exists in "
                    + namespace + " but was not created by this hook for run '" + runId
                    + "'; delete it or choose another namePrefix", started));
            return;
        }
        new JobFollower(resource, name, since, since.plus(spec.timeout()), spec.timeout(), clock, scheduler, result)
                .start();
    }

    private static Instant createdAt(Job job, Instant fallback) {
        try {
            String created = job.getMetadata().getCreationTimestamp();
            return created == null ? fallback : Instant.parse(created);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private HookOutcome outcome(HookOutcome.Result result, String name, String reason, String message, Instant since) {
        return new HookOutcome(result, name, reason, message, Duration.between(since, clock.instant()));
    }

    private HookOutcome failure(String name, RuntimeException error, Instant since) {
        return outcome(HookOutcome.Result.FAILED, name, "ApiError", JobFollower.describe(error), since);
    }
}
