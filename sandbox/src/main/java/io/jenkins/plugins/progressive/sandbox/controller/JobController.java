package io.jenkins.plugins.progressive.sandbox.controller;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller, reduced to what rollout hooks observe: a Job is active for the pace's run time, then completes
 * or fails as its image's {@link JobOutcome} says; {@code activeDeadlineSeconds} fails a Job that runs too long.
 */
final class JobController {

    private final KubernetesClient client;
    private final WorkloadFaults faults;
    private final Pace pace;
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    JobController(KubernetesClient client, WorkloadFaults faults, Pace pace) {
        this.client = client;
        this.faults = faults;
        this.pace = pace;
    }

    /** @return whether some Job is still running and will finish by time alone */
    boolean reconcile(List<Job> jobs, long now) {
        started.keySet().retainAll(jobs.stream().map(j -> j.getMetadata().getUid()).toList());
        boolean busy = false;
        for (Job job : jobs) {
            if (isFinished(job.getStatus())) {
                continue;
            }
            long start = started.computeIfAbsent(job.getMetadata().getUid(), uid -> now);
            String image = job.getSpec().getTemplate().getSpec().getContainers().isEmpty() ? null
                    : job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            JobOutcome outcome = faults.jobOutcome(image);
            Long deadline = job.getSpec().getActiveDeadlineSeconds();
            String startTime = Instant.ofEpochSecond(start / 1000).toString();
            String time = Instant.ofEpochSecond(now / 1000).toString();
            JobStatus wanted;
            if (deadline != null && now - start >= deadline * 1000) {
                wanted = failed(startTime, time, "DeadlineExceeded", "Job was active longer than specified deadline");
            } else if (now - start < pace.jobRun().toMillis() || outcome == JobOutcome.HANG) {
                wanted = new JobStatusBuilder().withStartTime(startTime).withActive(1).build();
                busy |= outcome != JobOutcome.HANG || deadline != null;
            } else if (outcome == JobOutcome.SUCCEED) {
                wanted = new JobStatusBuilder().withStartTime(startTime).withCompletionTime(time).withActive(0)
                        .withSucceeded(1).withConditions(condition("Complete", null, null, time)).build();
            } else {
                wanted = failed(startTime, time, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
            }
            if (!Objects.equals(job.getStatus(), wanted)) {
                job.setStatus(wanted);
                client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus();
            }
        }
        return busy;
    }

    private static JobStatus failed(String startTime, String time, String reason, String message) {
        return new JobStatusBuilder().withStartTime(startTime).withActive(0).withFailed(1)
                .withConditions(condition("Failed", reason, message, time)).build();
    }

    private static JobCondition condition(String type, String reason, String message, String time) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(time).withLastTransitionTime(time).build();
    }

    private static boolean isFinished(JobStatus status) {
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }
}
