package io.jenkins.plugins.progressive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Item;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.progressive.rollout.RolloutAction;
import io.jenkins.plugins.progressive.rollout.RolloutRuntime;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Each step in a real Pipeline build against the sandbox cluster. */
@WithJenkins
class RolloutStepsITest {
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void rollingUpdateRollsOutReturnsTheRevisionAndRecordsTheRollout(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "steps", "web", "shop/web:1.0", 3);
        WorkflowJob job = r.createProject(WorkflowJob.class, "web");
        job.setDefinition(new CpsFlowDefinition("""
                def result = rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'web',
                                           images: [app: 'shop/web:2.0'], batches: ['34%', '100%'])
                echo "now at revision ${result.revision}: ${result.result}"
                """, true));

        WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));

        r.assertLogContains("now at revision 2: SUCCEEDED", run);
        r.assertLogContains("[rollingUpdate] batch 1 of 2", run);
        assertFalse(JenkinsRule.getLog(run).contains(SandboxCluster.TOKEN), "the token never reaches the log");
        RolloutAction action = run.getAction(RolloutAction.class);
        assertNotNull(action);
        assertEquals("succeeded", action.getState());
        assertEquals("shop/web:2.0", sandbox.client().apps().deployments().inNamespace("steps").withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void badInputFailsTheStepNamingTheParameterBeforeAnyWrite(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "steps", "api", "shop/api:1.0", 2);
        long generation = sandbox.client().apps().deployments().inNamespace("steps").withName("api").get()
                .getMetadata().getGeneration();
        WorkflowJob job = r.createProject(WorkflowJob.class, "api");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'api',
                              images: [app: 'shop/api:2.0'], batches: ['50%', '10%'])
                """, true));

        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0).get());

        r.assertLogContains("rollingUpdate: batches: steps must ascend, but 10% follows 50%", run);
        assertFalse(JenkinsRule.getLog(run).contains("rollingUpdate: rollingUpdate:"), "the step's name is printed once");
        assertEquals(generation, sandbox.client().apps().deployments().inNamespace("steps").withName("api").get()
                .getMetadata().getGeneration());
    }

    @Test
    void anUnknownClusterIsRefusedWithTheConfiguredNames(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        WorkflowJob job = r.createProject(WorkflowJob.class, "typo");
        job.setDefinition(new CpsFlowDefinition(
                "canaryStage(cluster: 'prod', app: 'feed', images: [app: 'shop/feed:2'], steps: [100])", true));

        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0).get());

        r.assertLogContains("canaryStage: cluster: 'prod' is not configured; configured: sandbox", run);
    }

    @Test
    void aJobOutsideTheClustersAllowedJobsIsRefused(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox).setAllowedJobs("prod/**");
        WorkflowJob job = r.createProject(WorkflowJob.class, "intruder");
        job.setDefinition(new CpsFlowDefinition(
                "rollingUpdate(cluster: 'sandbox', deployment: 'web', images: [app: 'shop/web:3.0'])", true));

        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0).get());

        r.assertLogContains("job intruder may not deploy to cluster 'sandbox'", run);
        assertTrue(run.getActions(RolloutAction.class).isEmpty());
    }

    @Test
    void flagToggleWritesTheFlagSetAndReturnsTheDiff(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        WorkflowJob job = r.createProject(WorkflowJob.class, "flags");
        job.setDefinition(new CpsFlowDefinition("""
                def result = flagToggle(cluster: 'sandbox', namespace: 'steps', featureFlag: 'shop-flags',
                                        flag: 'new-checkout', create: true, percentage: 25, reason: 'WEB-812')
                echo "written: ${result.written}, diff lines: ${result.diff.size()}"
                """, true));

        WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));

        r.assertLogContains("written: true", run);
        r.assertLogContains("[flagToggle] ", run);
        assertNotNull(sandbox.client().genericKubernetesResources("core.openfeature.dev/v1beta1", "FeatureFlag")
                .inNamespace("steps").withName("shop-flags").get());
    }

    @Test
    void abortingTheBuildUndoesTheRolloutBeforeTheBuildEnds(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        sandbox.controller().faults().podsOf("shop/cart:slow", PodBehaviour.slow(30));
        SandboxCluster.deployment(sandbox, "steps", "cart", "shop/cart:1.0", 4);
        WorkflowJob job = r.createProject(WorkflowJob.class, "cart");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'cart',
                              images: [app: 'shop/cart:slow'], batches: ['50%', '100%'])
                """, true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("batch 1 of 2", run);

        run.doStop();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        r.assertLogContains("aborted: the build was aborted", run);
        r.assertLogContains("rolled back to revision 1", run);
        assertEquals("shop/cart:1.0", sandbox.client().apps().deployments().inNamespace("steps").withName("cart").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("rolled-back", run.getAction(RolloutAction.class).getState());
    }

    @Test
    void anErrorWhileStartingFailsTheStepWithItsCauseInsteadOfHangingIt(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "steps", "mail", "shop/mail:1.0", 2);
        long generation = generation("mail");
        WorkflowJob job = r.createProject(WorkflowJob.class, "mail");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'mail', images: [app: 'shop/mail:2.0'],
                              notify: [credentialsId: 'vault-webhook'])
                """, true));

        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0).get());

        r.assertLogContains("NoClassDefFoundError: com/example/vault/VaultClient", run);
        assertEquals("failed", run.getAction(RolloutAction.class).getState());
        assertEquals(generation, generation("mail"), "nothing written");
    }

    /** A credentials provider plugin with a class-loading problem: what a broken vault integration raises. */
    @TestExtension("anErrorWhileStartingFailsTheStepWithItsCauseInsteadOfHangingIt")
    public static final class BrokenVault extends CredentialsProvider {
        @Override
        public <C extends IdCredentials> C getCredentialByIdInItem(String id, Class<C> type, Item item,
                Authentication authentication, List<DomainRequirement> domainRequirements) {
            if (id.equals("vault-webhook")) {
                throw new NoClassDefFoundError("com/example/vault/VaultClient");
            }
            return null;
        }
    }

    @Test
    void abortingWhileTheClusterIsBeingOpenedEndsTheStepAtOnceAndWritesNothing(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "steps", "pay", "shop/pay:1.0", 2);
        long generation = generation("pay");
        WorkflowJob job = r.createProject(WorkflowJob.class, "pay");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'pay', images: [app: 'shop/pay:2.0'],
                              notify: [credentialsId: 'slow-vault-webhook'])
                """, true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        assertTrue(SlowVault.ENTERED.await(60, TimeUnit.SECONDS), "the launch reached the credential lookup");

        run.doStop();

        try {
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
            assertEquals("aborted", run.getAction(RolloutAction.class).getState());
        } finally {
            SlowVault.RELEASE.countDown();
        }
        awaitBlockingWorkDone();
        assertEquals(generation, generation("pay"), "the launch wrote nothing after the abort");
    }

    /** A credentials provider that answers only when the test lets it: a slow vault. */
    @TestExtension("abortingWhileTheClusterIsBeingOpenedEndsTheStepAtOnceAndWritesNothing")
    public static final class SlowVault extends CredentialsProvider {
        static final CountDownLatch ENTERED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public <C extends IdCredentials> C getCredentialByIdInItem(String id, Class<C> type, Item item,
                Authentication authentication, List<DomainRequirement> domainRequirements) {
            if (id.equals("slow-vault-webhook")) {
                ENTERED.countDown();
                try {
                    RELEASE.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        }
    }

    @Test
    void theRuntimesThreadsCarryJenkinsClassLoaderNotTheBuildsScriptLoader(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "steps", "docs", "shop/docs:1.0", 1);
        WorkflowJob job = r.createProject(WorkflowJob.class, "docs");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'docs', images: [app: 'shop/docs:2.0'])
                """, true));

        r.assertBuildStatusSuccess(job.scheduleBuild2(0));

        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ProgressiveDelivery.")).toList();
        assertFalse(threads.isEmpty(), "the rollout ran on the runtime's named threads");
        for (Thread thread : threads) {
            assertEquals(Jenkins.class.getClassLoader(), thread.getContextClassLoader(), thread.getName());
            assertTrue(thread.isDaemon(), thread.getName());
        }
    }

    @Test
    void theSnapshotLivesInItsOwnFileAndBuildXmlStaysSmall(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "steps", "feed", "shop/feed:1.0", 2);
        WorkflowJob job = r.createProject(WorkflowJob.class, "feed");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'feed', images: [app: 'shop/feed:2.0'],
                              batches: ['50%', '100%'])
                """, true));

        WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));

        Path snapshot = run.getRootDir().toPath().resolve("progressive-delivery/rollout-1.json");
        assertTrue(Files.isRegularFile(snapshot), snapshot.toString());
        assertTrue(Files.readString(snapshot).contains("\"schemaVersion\""));
        String buildXml = Files.readString(run.getRootDir().toPath().resolve("build.xml"));
        assertFalse(buildXml.contains("schemaVersion"), "no snapshot in build.xml");
        assertTrue(run.getAction(RolloutAction.class).isProgress());
        assertTrue(run.getAction(RolloutAction.class).savedSnapshot().contains("\"state\":\"succeeded\""));
    }

    @Test
    void parallelStepsOfOneBuildGetDistinctRolloutIds(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox);
        WorkflowJob job = r.createProject(WorkflowJob.class, "flags-parallel");
        job.setDefinition(new CpsFlowDefinition("""
                def branches = [:]
                for (int i = 0; i < 6; i++) {
                    def n = i
                    branches["flag-${n}"] = {
                        flagToggle(cluster: 'sandbox', namespace: 'steps', featureFlag: "parallel-flags-${n}",
                                   flag: 'new-checkout', create: true, percentage: 25, reason: 'ids')
                    }
                }
                parallel branches
                """, true));

        WorkflowRun run = r.assertBuildStatusSuccess(job.scheduleBuild2(0));

        List<String> ids = run.getActions(RolloutAction.class).stream().map(RolloutAction::getId).toList();
        assertEquals(6, ids.size(), ids.toString());
        assertEquals(6, new java.util.HashSet<>(ids).size(), ids.toString());
    }

    @Test
    void abortingAFlagChangeBeforeItsWriteMeansNoWrite(JenkinsRule r) throws Exception {
        SandboxCluster.configure(sandbox).setCredentialsId("slow-sandbox-token");
        WorkflowJob job = r.createProject(WorkflowJob.class, "flags-abort");
        job.setDefinition(new CpsFlowDefinition("""
                flagToggle(cluster: 'sandbox', namespace: 'steps', featureFlag: 'aborted-flags',
                           flag: 'new-checkout', create: true, percentage: 25, reason: 'abort')
                """, true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        assertTrue(SlowClusterVault.ENTERED.await(60, TimeUnit.SECONDS), "the change is opening the cluster");

        run.doStop();

        try {
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(run));
        } finally {
            SlowClusterVault.RELEASE.countDown();
        }
        awaitBlockingWorkDone();
        assertEquals(null, sandbox.client().genericKubernetesResources("core.openfeature.dev/v1beta1", "FeatureFlag")
                .inNamespace("steps").withName("aborted-flags").get(), "no write after the build showed ABORTED");
    }

    /** The cluster's token from a vault that answers only when the test lets it. */
    @TestExtension("abortingAFlagChangeBeforeItsWriteMeansNoWrite")
    public static final class SlowClusterVault extends CredentialsProvider {
        static final CountDownLatch ENTERED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public <C extends IdCredentials> C getCredentialByIdInItem(String id, Class<C> type, Item item,
                Authentication authentication, List<DomainRequirement> domainRequirements) {
            if (!id.equals("slow-sandbox-token") || !type.isAssignableFrom(StringCredentialsImpl.class)) {
                return null;
            }
            ENTERED.countDown();
            try {
                RELEASE.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return type.cast(new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "slow", Secret.fromString(
                    SandboxCluster.TOKEN)));
        }
    }

    @Test
    void aClusterWhosePrometheusCannotBeReachedRefusesAGatedRolloutBeforeAnyWrite(JenkinsRule r) throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SandboxCluster.configure(sandbox).setPrometheusUrl("http://127.0.0.1:" + closed);
        SandboxCluster.deployment(sandbox, "steps", "search", "shop/search:1.0", 2);
        long generation = generation("search");
        WorkflowJob job = r.createProject(WorkflowJob.class, "search");
        job.setDefinition(new CpsFlowDefinition("""
                rollingUpdate(cluster: 'sandbox', namespace: 'steps', deployment: 'search', images: [app: 'shop/search:2.0'],
                              analysis: [checks: [errors: [query: 'sum(rate(http_requests_total{version="{{version}}"}[1m]))',
                                                            condition: '< 5']]])
                """, true));

        WorkflowRun run = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0).get());

        r.assertLogContains("metric gate preflight: Prometheus cannot be reached", run);
        r.assertLogContains("preflight: [allowUnmeasured: true]", run);
        assertEquals(generation, generation("search"), "nothing deployed that cannot be measured");
    }

    /** Waits until the runtime's blocking pool has nothing running or queued: a released launch has ended. */
    private static void awaitBlockingWorkDone() throws InterruptedException {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) RolloutRuntime.get().blocking();
        for (int i = 0; i < 1200 && (pool.getActiveCount() > 0 || !pool.getQueue().isEmpty()); i++) {
            Thread.sleep(50);
        }
        assertEquals(0, pool.getActiveCount(), "the released work has ended");
    }

    private static long generation(String name) {
        return sandbox.client().apps().deployments().inNamespace("steps").withName(name).get().getMetadata()
                .getGeneration();
    }
}
