package io.jenkins.plugins.progressive.engine.hooks;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows one hook Job with an informer until its Complete or Failed condition, its deletion, or the deadline. The
 * first of these completes the result; everything else is then ignored and the informer and timer are stopped.
 */
final class JobFollower {

    private final Resource<Job> resource;
    private final String name;
    private final Instant since;
    private final Instant deadline;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<HookOutcome> result;
    private SharedIndexInformer<Job> informer;
    /** Set while the timer deletes the Job, so the informer's deletion event is not taken for someone else's. */
    private volatile boolean deleting;

    JobFollower(Resource<Job> resource, String name, Instant since, Instant deadline, Duration timeout, Clock clock,
            ScheduledExecutorService scheduler, CompletableFuture<HookOutcome> result) {
        this.resource = resource;
        this.name = name;
        this.since = since;
        this.deadline = deadline;
        this.timeout = timeout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.result = result;
    }

    void start() {
        informer = resource.runnableInformer(0);
        // Network trouble and server errors are retried by the informer (the timer still bounds the wait); a
        // refusal such as 403 will not go away by itself and ends the wait now.
        informer.exceptionHandler((started, error) -> !result.isDone() && isTransient(error));
        informer.addEventHandler(new ResourceEventHandler<Job>() {
            @Override
            public void onAdd(Job job) {
                observe(job);
            }

            @Override
            public void onUpdate(Job before, Job job) {
                observe(job);
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                if (deleting) {
                    return;
                }
                complete(HookOutcome.Result.FAILED, "JobDeleted", "the Job was deleted before it finished");
            }
        });
        long delay = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
        var timer = scheduler.schedule(this::timeUp, delay, TimeUnit.MILLISECONDS);
        result.whenComplete((outcome, error) -> {
            timer.cancel(false);
            informer.stop();
        });
        informer.start().whenComplete((ignored, error) -> lost(error));
        informer.stopped().whenComplete((ignored, error) -> lost(error));
    }

    /** The Job's True Complete or Failed condition, or null while it runs. */
    static JobCondition finalCondition(Job job) {
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null
                ? List.of() : job.getStatus().getConditions();
        return conditions.stream().filter(c -> "True".equals(c.getStatus()))
                .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType())).findFirst().orElse(null);
    }

    private static HookOutcome.Result resultOf(JobCondition condition) {
        if ("Complete".equals(condition.getType())) {
            return HookOutcome.Result.SUCCEEDED;
        }
        // The Job's own activeDeadlineSeconds (ours is the timeout plus a grace) is a timeout too.
        return "DeadlineExceeded".equals(condition.getReason()) ? HookOutcome.Result.TIMED_OUT : HookOutcome.Result.FAILED;
    }

    static String describe(Throwable error) {
        KubernetesClientException api = apiError(error);
        if (api != null) {
            String text = api.getStatus() != null && api.getStatus().getMessage() != null
                    ? api.getStatus().getMessage() : api.getMessage();
            return (api.getCode() > 0 ? "HTTP " + api.getCode() + ": " : "") + text;
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** @return whether the Job has finished (and the result is complete) */
    private boolean observe(Job job) {
        JobCondition condition = finalCondition(job);
        if (condition != null) {
            complete(resultOf(condition), condition.getReason(), condition.getMessage());
        }
        return condition != null;
    }

    private void timeUp() {
        if (result.isDone()) {
            return;
        }
        Job latest;
        try {
            // A fresh read, not the informer's cache: after a restart the timer can fire before the informer has
            // listed, and a Job that just finished must not be deleted and called timed out.
            latest = resource.get();
        } catch (RuntimeException e) {
            latest = informer.getStore().list().stream().findFirst().orElse(null);
        }
        if (latest != null && observe(latest)) {
            return;
        }
        String message = "the Job did not finish within " + human(timeout) + " and was deleted";
        deleting = true;
        try {
            resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (RuntimeException e) {
            message = "the Job did not finish within " + human(timeout) + "; deleting it failed, it may still be running: "
                    + describe(e);
        }
        complete(HookOutcome.Result.TIMED_OUT, "HookTimeout", message);
    }

    private void lost(Throwable error) {
        if (error != null) {
            complete(HookOutcome.Result.FAILED, "ApiError", "lost track of the Job, it may still be running: "
                    + describe(error));
        }
    }

    private void complete(HookOutcome.Result ended, String reason, String message) {
        result.complete(new HookOutcome(ended, name, reason, message, Duration.between(since, clock.instant())));
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static boolean isTransient(Throwable error) {
        KubernetesClientException api = apiError(error);
        int code = api == null ? 0 : api.getCode();
        return code == 0 || code >= 500 || code == 410 || code == 429;
    }

    private static KubernetesClientException apiError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException api) {
                return api;
            }
            if (t instanceof WatcherException watch) {
                return watch.asClientException();
            }
        }
        return null;
    }
}
