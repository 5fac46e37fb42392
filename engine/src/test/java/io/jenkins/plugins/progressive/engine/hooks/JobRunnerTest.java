package io.jenkins.plugins.progressive.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.progressive.engine.hooks.HookOutcome.Result;
import io.jenkins.plugins.progressive.engine.hooks.HookSpec.Phase;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.api.ApiFault;
import io.jenkins.plugins.progressive.sandbox.controller.JobOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hook Jobs against the sandbox's Job controller, which completes a Job after ~500 ms, or fails or hangs it as the
 * image's fault says.
 */
class JobRunnerTest {

    private static final String NS = "shop";
    private static Sandbox sandbox;
    private static KubernetesClient client;
    private static ScheduledExecutorService scheduler;
    private final JobRunner runner = new JobRunner();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().workloads(false).start();
        client = sandbox.client();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        sandbox.controller().faults().jobsOf("shop/migrate:broken", JobOutcome.FAIL);
        sandbox.controller().faults().jobsOf("shop/migrate:stuck", JobOutcome.HANG);
    }

    @AfterEach
    void clearApiFaults() {
        sandbox.apiServer().faults().clear();
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void aTemplateHookRunsToCompletionAsAJobLabelledForItsRun() throws Exception {
        HookSpec spec = HookSpec.template(Phase.PRE, new HookJob.Template("shop/migrate:2", List.of("./migrate", "up"),
                Map.of("DB_HOST", "db.shop"), "migrator"));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-1", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.SUCCEEDED);
        assertThat(outcome.jobName()).isEqualTo("db-migration-pre-build-1");
        assertThat(outcome.duration()).as("the sandbox runs a Job ~500 ms").isGreaterThan(Duration.ofMillis(300));
        assertThat(outcome.summary()).startsWith("Job db-migration-pre-build-1 succeeded after ");
        Job job = client.batch().v1().jobs().inNamespace(NS).withName("db-migration-pre-build-1").get();
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "progressive-delivery")
                .containsEntry("progressive-delivery.jenkins.io/hook-phase", "pre")
                .containsEntry("progressive-delivery.jenkins.io/run-id", "build-1");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86_400);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo("migrator");
        assertThat(pod.getContainers().get(0).getCommand()).containsExactly("./migrate", "up");
        assertThat(pod.getContainers().get(0).getEnv()).singleElement()
                .satisfies(env -> assertThat(env.getName() + "=" + env.getValue()).isEqualTo("DB_HOST=db.shop"));
    }

    @Test
    void aFailingJobReportsTheConditionReasonAndStaysForDebugging() throws Exception {
        HookSpec spec = HookSpec.template(Phase.POST, "shop/migrate:broken", List.of("./migrate", "contract"));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-2", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("BackoffLimitExceeded");
        assertThat(outcome.message()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(outcome.summary()).isEqualTo("Job db-migration-post-build-2 failed after "
                + String.format(java.util.Locale.ROOT, "%.1f s", outcome.duration().toMillis() / 1000.0)
                + ": BackoffLimitExceeded: Job has reached the specified backoff limit");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(outcome.jobName()).get()).isNotNull();
    }

    @Test
    void aJobThatOutlivesTheTimeoutIsDeletedAndReportedAsTimedOut() throws Exception {
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:stuck", List.of("./migrate"))
                .withTimeout(Duration.ofMillis(1500));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-3", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.TIMED_OUT);
        assertThat(outcome.reason()).isEqualTo("HookTimeout");
        assertThat(outcome.message()).isEqualTo("the Job did not finish within 1500ms and was deleted");
        assertThat(outcome.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(outcome.jobName()).get()).isNull();
    }

    @Test
    void runningTheSameRunAgainFollowsTheExistingJobInsteadOfCreatingASecond() throws Exception {
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:2", List.of("./migrate"));
        assertThat(await(runner.run(client, NS, spec, "build-4", scheduler)).result()).isEqualTo(Result.SUCCEEDED);
        String uid = client.batch().v1().jobs().inNamespace(NS).withName("db-migration-pre-build-4").get()
                .getMetadata().getUid();

        HookOutcome again = await(new JobRunner().run(client, NS, spec, "build-4", scheduler));
        // A second attempt that reads "no Job yet" and then loses the race to create it (409) follows the winner's.
        sandbox.apiServer().faults().inject(ApiFault.error("GET", ".*/jobs/db-migration-pre-build-4", 404, 1));
        HookOutcome raced = await(new JobRunner().run(client, NS, spec, "build-4", scheduler));

        assertThat(again.result()).as("the finished Job's result").isEqualTo(Result.SUCCEEDED);
        assertThat(raced.result()).isEqualTo(Result.SUCCEEDED);
        assertThat(sandbox.apiServer().faults().isEmpty()).as("the runner did read first").isTrue();
        List<Job> jobs = client.batch().v1().jobs().inNamespace(NS)
                .withLabel("progressive-delivery.jenkins.io/run-id", "build-4").list().getItems();
        assertThat(jobs).singleElement().satisfies(job -> assertThat(job.getMetadata().getUid()).isEqualTo(uid));
    }

    @Test
    void aResumedRunCountsTheTimeoutFromTheJobsCreation() throws Exception {
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:stuck", List.of("./migrate"))
                .withTimeout(Duration.ofMinutes(1));
        CompletableFuture<HookOutcome> beforeRestart = runner.run(client, NS, spec, "build-5", scheduler);
        awaitJob("db-migration-pre-build-5");

        // The controller comes back two minutes later: the Job has used up its minute.
        JobRunner resumed = new JobRunner(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
        HookOutcome outcome = await(resumed.run(client, NS, spec, "build-5", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.TIMED_OUT);
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("db-migration-pre-build-5").get()).isNull();
        assertThat(await(beforeRestart)).as("the old follower sees its Job go")
                .extracting(HookOutcome::result, HookOutcome::reason).containsExactly(Result.FAILED, "JobDeleted");
    }

    @Test
    void aManifestHookRunsWithItsOwnSettings() throws Exception {
        HookSpec spec = HookSpec.manifest(Phase.POST, HookSpecTest.JOB).withNamePrefix("schema");

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-6", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.SUCCEEDED);
        Job job = client.batch().v1().jobs().inNamespace(NS).withName("schema-post-build-6").get();
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "shop")
                .containsEntry("progressive-delivery.jenkins.io/hook-phase", "post");
    }

    @Test
    void aManifestForAnotherNamespaceFailsBeforeAnyWrite() throws Exception {
        HookSpec spec = HookSpec.manifest(Phase.PRE, HookSpecTest.JOB.replace("  name: whatever",
                "  name: whatever\n  namespace: billing"));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-7", scheduler));

        assertThat(outcome).extracting(HookOutcome::result, HookOutcome::reason)
                .containsExactly(Result.FAILED, "InvalidManifest");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(outcome.jobName()).get()).isNull();
        assertThat(client.batch().v1().jobs().inNamespace("billing").withName(outcome.jobName()).get()).isNull();
    }

    @Test
    void someoneElsesJobWithTheSameNameIsNotFollowed() throws Exception {
        client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
                .withName("db-migration-pre-build-8").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("x").withImage("other/tool:1").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:2", List.of("./migrate"));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-8", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("NameTaken");
        assertThat(outcome.message()).contains("was not created by this hook for run 'build-8'");
    }

    @Test
    void anApiErrorIsAFailedOutcomeWithTheErrorNotAnException() throws Exception {
        sandbox.apiServer().faults().inject(ApiFault.error("POST", ".*/namespaces/shop/jobs", 403, 1));
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:2", List.of("./migrate"));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-9", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("ApiError");
        assertThat(outcome.message()).startsWith("HTTP 403");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(outcome.jobName()).get()).isNull();
    }

    @Test
    void aJobThatCannotBeWatchedIsAFailedOutcomeThatSaysItMayStillRun() throws Exception {
        sandbox.apiServer().faults().inject(ApiFault.error("GET", ".*/namespaces/shop/jobs", 403, -1));
        HookSpec spec = HookSpec.template(Phase.PRE, "shop/migrate:2", List.of("./migrate"));

        HookOutcome outcome = await(runner.run(client, NS, spec, "build-10", scheduler));

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).isEqualTo("ApiError");
        assertThat(outcome.message()).startsWith("lost track of the Job, it may still be running: HTTP 403");
    }

    private static HookOutcome await(CompletableFuture<HookOutcome> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static void awaitJob(String name) throws Exception {
        client.batch().v1().jobs().inNamespace(NS).withName(name)
                .informOnCondition(jobs -> !jobs.isEmpty()).get(10, TimeUnit.SECONDS);
    }
}
