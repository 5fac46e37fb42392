package io.jenkins.plugins.progressive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.progressive.rollout.RolloutAction;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
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
}
