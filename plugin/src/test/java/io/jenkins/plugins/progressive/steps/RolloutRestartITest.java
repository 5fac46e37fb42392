package io.jenkins.plugins.progressive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.progressive.rollout.RolloutAction;
import io.jenkins.plugins.progressive.rollout.RolloutRuntime;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A controller restart while a release waits for its approval: the step re-attaches and the release completes. */
class RolloutRestartITest {
    private static Sandbox sandbox;

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static RolloutRuntime before;

    @Test
    void aBlueGreenReleaseWaitingForApprovalSurvivesARestart() throws Throwable {
        sessions.then(r -> {
            SandboxCluster.configure(sandbox);
            SandboxCluster.deployment(sandbox, "restart", "news", "shop/news:1.0", 2);
            SandboxCluster.service(sandbox, "restart", "news");
            WorkflowJob job = r.createProject(WorkflowJob.class, "news");
            job.setDefinition(new CpsFlowDefinition("""
                    def r = blueGreenDeploy(cluster: 'sandbox', namespace: 'restart', app: 'news',
                                            images: [app: 'shop/news:2.0'], scaleDownDelay: '1s', approval: [:])
                    echo "live: ${r.live}"
                    """, true));
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("waiting for approval 'switch'", run);
            before = RolloutRuntime.get();
        });
        sessions.then(r -> {
            WorkflowJob job = r.jenkins.getItemByFullName("news", WorkflowJob.class);
            WorkflowRun run = job.getBuildByNumber(1);
            r.waitForMessage("re-attaching to app restart/news (blue/green)", run);
            assertTrue(before.scheduler().isShutdown() && before.blocking().isShutdown(),
                    "the old Jenkins' rollout pools stopped with it (@Terminator)");
            assertNotSame(before, RolloutRuntime.get());
            RolloutAction action = run.getAction(RolloutAction.class);
            for (int i = 0; i < 600 && action.getWaiting().isEmpty(); i++) {
                Thread.sleep(50);
            }
            RolloutRuntime.get().find(run.getExternalizableId(), "rollout-1").orElseThrow()
                    .decide("switch", true, "admin", "after the restart");
            r.assertBuildStatusSuccess(r.waitForCompletion(run));
            r.assertLogContains("live: green", run);
            List<PauseAction> pauses = new DepthFirstScanner().allNodes(run.getExecution()).stream()
                    .flatMap(node -> PauseAction.getPauseActions(node).stream()).toList();
            assertEquals(2, pauses.size(), "the wait before the restart and the one after");
            assertTrue(pauses.stream().allMatch(p -> p.getEndTime() != 0), "no pause stays open across the restart");
            assertEquals("green", sandbox.client().services().inNamespace("restart").withName("news").get().getSpec()
                    .getSelector().get("slot"));
        });
    }
}
