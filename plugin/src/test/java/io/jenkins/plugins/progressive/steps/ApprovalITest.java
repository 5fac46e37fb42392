package io.jenkins.plugins.progressive.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import io.jenkins.plugins.progressive.rollout.RolloutAction;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Approval gates over HTTP: POST only, approvers and groups, administrators, separation of duties. */
@WithJenkins
class ApprovalITest {
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
    void onlyAnApproverMayReleaseTheSwitchAndOnlyByPost(JenkinsRule r) throws Exception {
        secure(r);
        SandboxCluster.configure(sandbox);
        SandboxCluster.deployment(sandbox, "approvals", "shop", "shop/shop:1.0", 2);
        SandboxCluster.service(sandbox, "approvals", "shop");
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition("""
                def r = blueGreenDeploy(cluster: 'sandbox', namespace: 'approvals', app: 'shop',
                                        images: [app: 'shop/shop:2.0'], scaleDownDelay: '1s',
                                        approval: [approvers: ['release-managers'], timeout: '10m'])
                echo "live: ${r.live}"
                """, true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("waiting for approval 'switch'", run);
        String decide = run.getUrl() + "rollout-1/decide?id=switch&decision=approve&comment=lgtm";

        assertEquals(404, send(r, "bob", "GET", decide).statusCode(), "@POST: no route for GET");
        assertEquals(403, send(r, "mallory", "POST", decide).statusCode(), "may build, but is no approver");
        HttpResponse<String> page = send(r, "mallory", "GET", run.getUrl() + "rollout-1/snapshot");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("\"actionable\":false"), "no buttons for who may not decide");
        assertEquals(302, send(r, "bob", "POST", decide).statusCode());

        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("approval 'switch' approved by bob: lgtm", run);
        r.assertLogContains("live: green", run);
        RolloutAction.DecisionRecord decision = run.getAction(RolloutAction.class).getDecisions().get(0);
        assertEquals("bob", decision.getBy());
        assertTrue(decision.isApproved());

        HttpResponse<String> metrics = send(r, "admin", "GET", "progressive-delivery/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("rollouts_total{result=\"promoted\",strategy=\"bluegreen\"}"), metrics.body());
        assertEquals(403, send(r, "mallory", "GET", "progressive-delivery/metrics").statusCode(), "needs SystemRead");
    }

    @Test
    void separationOfDutiesKeepsTheStarterFromApprovingEvenAsAdministrator(JenkinsRule r) throws Exception {
        secure(r);
        SandboxCluster.configure(sandbox).setSeparationOfDuties(true);
        SandboxCluster.deployment(sandbox, "duties", "cart", "shop/cart:1.0", 2);
        SandboxCluster.service(sandbox, "duties", "cart");
        WorkflowJob job = r.createProject(WorkflowJob.class, "cart");
        job.setDefinition(new CpsFlowDefinition("""
                blueGreenDeploy(cluster: 'sandbox', namespace: 'duties', app: 'cart', images: [app: 'shop/cart:2.0'],
                                approval: [:])
                """, true));
        assertEquals(201, send(r, "admin", "POST", job.getUrl() + "build?delay=0sec").statusCode());
        WorkflowRun run = waitForBuild(job);
        r.waitForMessage("waiting for approval 'switch'", run);
        String reject = run.getUrl() + "rollout-1/decide?id=switch&decision=reject&comment=no";

        HttpResponse<String> own = send(r, "admin", "POST", reject);
        assertEquals(403, own.statusCode());
        assertTrue(own.body().contains("separation of duties"), own.body());
        assertEquals(302, send(r, "bob", "POST", reject).statusCode());
        r.waitForCompletion(run);
        r.assertLogContains("approval 'switch' rejected by bob: no", run);
        assertEquals("blue", sandbox.client().services().inNamespace("duties").withName("cart").get().getSpec()
                .getSelector().get("slot"));
    }

    @Test
    void theStepsApproversDecideWhenOnlyTheStepListsThem(JenkinsRule r) throws Exception {
        WorkflowRun run = waitingRelease(r, "step-only", null, "['payments-leads']", "3s");
        String approve = run.getUrl() + "rollout-1/decide?id=switch&decision=approve&comment=ok";
        assertEquals(403, send(r, "mallory", "POST", approve).statusCode(), "may build, listed nowhere");
        assertEquals(403, send(r, "bob", "POST", approve).statusCode(), "a release manager, but the step names others");
        assertEquals(302, send(r, "carol", "POST", approve).statusCode(), "member of payments-leads");
        r.assertBuildStatusSuccess(r.waitForCompletion(run));

        // The pause ended when carol decided, not when the rollout ended (scaleDownDelay later).
        RolloutAction.DecisionRecord decision = run.getAction(RolloutAction.class).getDecisions().get(0);
        List<PauseAction> pauses = new DepthFirstScanner().allNodes(run.getExecution()).stream()
                .flatMap(node -> PauseAction.getPauseActions(node).stream()).toList();
        assertEquals(1, pauses.size(), "one pause, for the one approval");
        long end = pauses.get(0).getEndTime();
        assertTrue(end >= decision.getAt() - 1_000 && end <= decision.getAt() + 2_000,
                "pause ended at " + end + ", decided at " + decision.getAt());
    }

    @Test
    void theClustersApproversDecideWhenOnlyTheClusterListsThem(JenkinsRule r) throws Exception {
        WorkflowRun run = waitingRelease(r, "cluster-only", "release-managers", null, "1s");
        String approve = run.getUrl() + "rollout-1/decide?id=switch&decision=approve&comment=ok";
        assertEquals(403, send(r, "mallory", "POST", approve).statusCode());
        assertEquals(403, send(r, "carol", "POST", approve).statusCode());
        assertEquals(302, send(r, "bob", "POST", approve).statusCode());
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
    }

    @Test
    void withBothListsOnlySomeoneOnBothMayDecide(JenkinsRule r) throws Exception {
        WorkflowRun run = waitingRelease(r, "both", "release-managers", "['payments-leads']", "1s");
        String approve = run.getUrl() + "rollout-1/decide?id=switch&decision=approve&comment=ok";
        HttpResponse<String> widened = send(r, "carol", "POST", approve);
        assertEquals(403, widened.statusCode(), "the Jenkinsfile cannot add approvers to the cluster");
        assertTrue(widened.body().contains("may decide approvals on this cluster"), widened.body());
        assertEquals(403, send(r, "bob", "POST", approve).statusCode(), "the step narrows the cluster's list");
        assertEquals(302, send(r, "dana", "POST", approve).statusCode());
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        assertEquals("dana", run.getAction(RolloutAction.class).getDecisions().get(0).getBy());
    }

    @Test
    void withNoApproversAnywhereWhoeverMayBuildDecides(JenkinsRule r) throws Exception {
        WorkflowRun run = waitingRelease(r, "neither", null, null, "1s");
        String approve = run.getUrl() + "rollout-1/decide?id=switch&decision=approve&comment=ok";
        assertEquals(403, send(r, "viewer", "POST", approve).statusCode(), "may only read the job");
        assertEquals(302, send(r, "mallory", "POST", approve).statusCode());
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
    }

    @Test
    void separationOfDutiesFollowsTheUpstreamBuildThatTheUserStarted(JenkinsRule r) throws Exception {
        secure(r);
        SandboxCluster.configure(sandbox).setSeparationOfDuties(true);
        SandboxCluster.deployment(sandbox, "upstream", "cart", "shop/cart:1.0", 2);
        SandboxCluster.service(sandbox, "upstream", "cart");
        WorkflowJob deploy = r.createProject(WorkflowJob.class, "deploy-cart");
        deploy.setDefinition(new CpsFlowDefinition("""
                blueGreenDeploy(cluster: 'sandbox', namespace: 'upstream', app: 'cart', images: [app: 'shop/cart:2.0'],
                                scaleDownDelay: '1s', approval: [:])
                """, true));
        WorkflowJob release = r.createProject(WorkflowJob.class, "release-train");
        release.setDefinition(new CpsFlowDefinition("build job: 'deploy-cart'", true));
        assertEquals(201, send(r, "bob", "POST", release.getUrl() + "build?delay=0sec").statusCode());
        WorkflowRun run = waitForBuild(deploy);
        r.waitForMessage("waiting for approval 'switch'", run);
        String approve = run.getUrl() + "rollout-1/decide?id=switch&decision=approve&comment=mine";

        HttpResponse<String> own = send(r, "bob", "POST", approve);
        assertEquals(403, own.statusCode(), "bob started the release train that started this deploy");
        assertTrue(own.body().contains("bob started this build"), own.body());
        assertEquals(302, send(r, "dana", "POST", approve).statusCode());
        r.assertBuildStatusSuccess(r.waitForCompletion(run));
        r.assertLogContains("approval 'switch' approved by dana", run);
    }

    /** A blue/green release waiting for its switch approval, with these approvers on the cluster and on the step. */
    private static WorkflowRun waitingRelease(JenkinsRule r, String ns, String clusterApprovers, String stepApprovers,
            String scaleDownDelay) throws Exception {
        secure(r);
        SandboxCluster.configure(sandbox).setApprovers(clusterApprovers);
        SandboxCluster.deployment(sandbox, ns, "shop", "shop/shop:1.0", 2);
        SandboxCluster.service(sandbox, ns, "shop");
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop-" + ns);
        job.setDefinition(new CpsFlowDefinition("blueGreenDeploy(cluster: 'sandbox', namespace: '" + ns + "', app: 'shop',"
                + " images: [app: 'shop/shop:2.0'], scaleDownDelay: '" + scaleDownDelay + "', approval: ["
                + (stepApprovers == null ? ":" : "approvers: " + stepApprovers) + "])", true));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("waiting for approval 'switch'", run);
        return run;
    }

    private static WorkflowRun waitForBuild(WorkflowJob job) throws InterruptedException {
        for (int i = 0; i < 1200 && job.getLastBuild() == null; i++) {
            Thread.sleep(50);
        }
        return job.getLastBuild();
    }

    private static void secure(JenkinsRule r) {
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("bob", "release-managers");
        realm.addGroups("carol", "payments-leads");
        realm.addGroups("dana", "release-managers", "payments-leads");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("bob", "mallory", "carol", "dana")
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer"));
        // The requests log in with a password (dummy realm: password = user name) and carry no crumb.
        r.jenkins.setCrumbIssuer(null);
    }

    private static HttpResponse<String> send(JenkinsRule r, String user, String method, String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(UTF_8));
        HttpRequest request = HttpRequest.newBuilder(r.getURL().toURI().resolve(path))
                .header("Authorization", "Basic " + basic)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
    }
}
