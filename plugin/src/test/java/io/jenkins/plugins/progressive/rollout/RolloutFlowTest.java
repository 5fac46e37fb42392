package io.jenkins.plugins.progressive.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jenkins.plugins.progressive.SandboxApps;
import io.jenkins.plugins.progressive.engine.approval.Approval;
import io.jenkins.plugins.progressive.engine.approval.ApprovalRequest;
import io.jenkins.plugins.progressive.engine.metrics.EngineMetrics;
import io.jenkins.plugins.progressive.engine.notify.RolloutSubject;
import io.jenkins.plugins.progressive.engine.notify.WebhookNotifier;
import io.jenkins.plugins.progressive.engine.progress.report.RolloutState;
import io.jenkins.plugins.progressive.engine.progress.report.SnapshotRecorder;
import io.jenkins.plugins.progressive.engine.strategy.RolloutContext;
import io.jenkins.plugins.progressive.sandbox.Sandbox;
import io.jenkins.plugins.progressive.steps.args.NotifyArgs;
import io.jenkins.plugins.progressive.steps.args.StepDefaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a step execution does, minus Jenkins: Jenkinsfile arguments → plan → engine run against the sandbox, with the
 * build-log listener, the page's recorder and the approval gate a release manager answers. The Jenkins glue itself
 * (StepExecution, RolloutAction) is covered by the JenkinsRule *ITest classes, which need the Jenkins repository.
 */
class RolloutFlowTest {
    private static Sandbox sandbox;
    private static ScheduledExecutorService scheduler;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().start();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void aRollingUpdateFromJenkinsfileArgumentsSucceedsWithOneLogLinePerDecisionAndAFinishedSnapshot() throws Exception {
        deploy("flow", "web", "shop/web:1.0", 3);
        PlannedRollout planned = PlannedRollout.of(PlannedRollout.Strategy.ROLLING, Map.of("deployment", "web",
                "images", Map.of("app", "shop/web:2.0"), "batches", List.of("34%", "100%")),
                new StepDefaults("flow", "https://ci.example/job/web/12/", List.of()));
        SnapshotRecorder recorder = planned.recorder("sandbox", Clock.systemUTC());
        DecisionLog decisions = new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), "rollingUpdate", null);

        PlannedRollout.Started started = planned.start(context(new FanOut(decisions, recorder)), request -> {
            throw new AssertionError("a rolling update asks no approval");
        });
        StepOutcome outcome = started.outcome().get(60, TimeUnit.SECONDS);
        recorder.finish(PlannedRollout.state(outcome), outcome.message());

        assertThat(outcome.success()).as(outcome.message()).isTrue();
        assertThat(outcome.returnValue()).containsEntry("result", "SUCCEEDED").containsEntry("revision", 2L);
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[rollingUpdate] apply: setting app=shop/web:2.0")
                .contains("[rollingUpdate] batch 1 of 2")
                .contains("replicas 3 updated, 3 ready, 3 available of 3");
        List<String> lines = text.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("unchanged progress is not repeated").isNotEqualTo(lines.get(i - 1));
        }
        assertThat(recorder.snapshot().state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void aStatefulSetNamedToRollingUpdateIsUpdatedInBatchesAndThePageShowsAStatefulSet() throws Exception {
        sandbox.client().apps().statefulSets().inNamespace("flow").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("kv").withNamespace("flow").endMetadata()
                .withNewSpec().withReplicas(2).withServiceName("kv")
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                    .withNewSelector().addToMatchLabels("app", "kv").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "kv").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop/kv:1.0").endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        sandbox.client().apps().statefulSets().inNamespace("flow").withName("kv").waitUntilCondition(s -> s != null
                && s.getStatus() != null && Integer.valueOf(2).equals(s.getStatus().getReadyReplicas()), 30, TimeUnit.SECONDS);
        PlannedRollout planned = PlannedRollout.of(PlannedRollout.Strategy.ROLLING, Map.of("statefulSet", "kv",
                "images", Map.of("app", "shop/kv:2.0"), "batches", List.of("50%", "100%")),
                new StepDefaults("flow", "https://ci.example/job/kv/3/", List.of()));
        SnapshotRecorder recorder = planned.recorder("sandbox", Clock.systemUTC());
        DecisionLog decisions = new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), "rollingUpdate", null);

        StepOutcome outcome = planned.start(context(new FanOut(decisions, recorder)), request -> {
            throw new AssertionError("a rolling update asks no approval");
        }).outcome().get(60, TimeUnit.SECONDS);
        recorder.finish(PlannedRollout.state(outcome), outcome.message());

        assertThat(planned.target()).isEqualTo("statefulset flow/kv");
        assertThat(outcome.success()).as(outcome.message()).isTrue();
        assertThat(outcome.returnValue()).containsEntry("result", "SUCCEEDED").containsKey("revision");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[rollingUpdate] batch 1 of 2: 1 of 2 pods on 2.0");
        assertThat(recorder.snapshot().target().kind()).isEqualTo("StatefulSet");
        assertThat(recorder.snapshot().state()).isEqualTo(RolloutState.SUCCEEDED);
    }

    @Test
    void aBlueGreenSwitchWaitsForAnAllowedApproverAndRecordsWhoDecided() throws Exception {
        blueGreenApp("approve", "shop", "shop/shop:1.0");
        LiveRollout live = live("approve-run", new ApproverPolicy(List.of("release-managers"), true),
                new ApproverPolicy.BuildPeople(List.of("alice"), List.of()));
        PlannedRollout planned = PlannedRollout.of(PlannedRollout.Strategy.BLUE_GREEN, Map.of("app", "shop",
                "images", Map.of("app", "shop/shop:2.0"), "approval", Map.of("timeout", "10m"), "scaleDownDelay", "1s"),
                new StepDefaults("approve", "https://ci.example/job/shop/3/", List.of("release-managers")));
        SnapshotRecorder recorder = planned.recorder("sandbox", Clock.systemUTC());
        DecisionLog decisions = new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), "blueGreenDeploy", null);
        PlannedRollout.Started started = planned.start(context(new FanOut(recorder, decisions)), live);
        live.attach(recorder, started.abort());
        ApprovalRequest request = awaitRequest(live);

        assertThat(request.id()).isEqualTo("switch");
        awaitSnapshot(live, "\"actionable\":true");
        assertThat(live.snapshotJson(true)).as("an approver's page offers the buttons").contains("\"state\":\"awaiting-approval\"")
                .contains("\"actionable\":true");
        assertThat(live.snapshotJson(false)).as("anyone else's does not").doesNotContain("\"actionable\":true");
        assertThat(request.title()).contains("green");
        ApproverPolicy.Verdict starter = live.authorize(new ApproverPolicy.Approver("alice", List.of("release-managers"),
                false, true), request, String::equalsIgnoreCase, String::equals);
        assertThat(starter.allowed()).as("separation of duties").isFalse();
        ApproverPolicy.Verdict stranger = live.authorize(new ApproverPolicy.Approver("mallory", List.of("devs"),
                false, true), request, String::equalsIgnoreCase, String::equals);
        assertThat(stranger.allowed()).isFalse();
        ApproverPolicy.Verdict manager = live.authorize(new ApproverPolicy.Approver("bob", List.of("release-managers"),
                false, false), request, String::equalsIgnoreCase, String::equals);
        assertThat(manager.allowed()).isTrue();
        assertThat(selector("approve", "shop")).as("nothing switched while waiting").isEqualTo("blue");

        assertThat(live.decide("switch", true, "bob", "checked the dashboards")).isTrue();
        assertThat(live.decide("switch", true, "bob", "twice")).as("a decision counts once").isFalse();
        StepOutcome outcome = started.outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.success()).as(outcome.message()).isTrue();
        assertThat(outcome.returnValue()).containsEntry("live", "green");
        assertThat(live.decided()).singleElement().satisfies(d -> {
            assertThat(d.approval().decidedBy()).isEqualTo("bob");
            assertThat(d.approval().comment()).isEqualTo("checked the dashboards");
        });
        assertThat(events).contains("waiting switch", "decided switch approved by bob: checked the dashboards");
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[blueGreenDeploy] traffic: 100% to the new version (promotion)")
                .containsPattern("replicas: .*green 2\\.0 2 of 2 available");
    }

    @Test
    void aRejectedSwitchLeavesTheLiveSlotUntouched() throws Exception {
        blueGreenApp("reject", "cart", "shop/cart:1.0");
        LiveRollout live = live("reject-run", new ApproverPolicy(List.of(), false), ApproverPolicy.BuildPeople.NOBODY);
        // The team's webhook, as the step's notify: [...] wires it: told of the wait, the decision and the ending.
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        PlannedRollout planned = PlannedRollout.of(PlannedRollout.Strategy.BLUE_GREEN, Map.of("app", "cart",
                "images", Map.of("app", "shop/cart:2.0"), "approval", Map.of(),
                "notify", Map.of("credentialsId", "team-hook")),
                new StepDefaults("reject", "https://ci.example/job/cart/8/", List.of()));
        WebhookNotifier notifier = new WebhookNotifier(URI.create("http://127.0.0.1:" + hook.getAddress().getPort()
                + "/hooks/secret"), NotifyArgs.of(Map.of("credentialsId", "team-hook")).on(), new RolloutSubject(
                "blueGreenDeploy", "sandbox", planned.workload().get(0), planned.workload().get(1), "cart #8"),
                "https://ci.example/job/cart/8/rollout-1/", Clock.systemUTC(), scheduler, problem -> posted.add(problem));
        PlannedRollout.Started started = planned.start(context(new FanOut(notifier)), live);
        awaitRequest(live);
        live.decide("switch", false, "carol", "not during the sale");
        StepOutcome outcome = started.outcome().get(60, TimeUnit.SECONDS);
        notifier.finished(PlannedRollout.ending(PlannedRollout.state(outcome)), outcome.message());
        notifier.drained().get(10, TimeUnit.SECONDS);
        hook.stop(0);

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.values()).containsEntry("result", "NOT_PROMOTED");
        assertThat(outcome.message()).contains("rejected by carol: not during the sale");
        assertThat(PlannedRollout.state(outcome)).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(selector("reject", "cart")).isEqualTo("blue");
        assertThat(posted).hasSize(3);
        assertThat(posted.get(0)).contains("\"event\":\"approval\"", "blueGreenDeploy reject/cart on sandbox (cart #8): "
                + "waiting for approval: ", "rollout-1/");
        assertThat(posted.get(1)).contains("\"event\":\"decision\"", "rejected by carol");
        assertThat(posted.get(2)).contains("\"event\":\"rolled-back\"", "rolled back: ", "not during the sale");
    }

    @Test
    void afterARestartTheRollingUpdateReattachesAndThePageContinuesFromTheSnapshotKeptOnTheBuild() throws Exception {
        sandbox.controller().faults().podsOf("shop/news:2.0", io.jenkins.plugins.progressive.sandbox.controller.PodBehaviour.slow(10));
        deploy("restart", "news", "shop/news:1.0", 4);
        Map<String, Object> args = Map.of("deployment", "news", "images", Map.of("app", "shop/news:2.0"),
                "batches", List.of("50%", "100%"));
        StepDefaults defaults = new StepDefaults("restart", "https://ci.example/job/news/4/", List.of());
        PlannedRollout before = PlannedRollout.of(PlannedRollout.Strategy.ROLLING, args, defaults);
        SnapshotRecorder first = before.recorder("sandbox", Clock.systemUTC());
        List<String> kept = new CopyOnWriteArrayList<>();
        ScheduledExecutorService dying = Executors.newScheduledThreadPool(2);
        SnapshotSaver saver = new SnapshotSaver(() -> io.jenkins.plugins.progressive.engine.progress.report.SnapshotJson
                .write(first.snapshot().withoutActions()), kept::add, scheduler, scheduler, Clock.systemUTC(),
                java.time.Duration.ofMillis(100));
        before.start(new RolloutContext(sandbox.client(), dying, Clock.systemUTC(), null, new EngineMetrics(),
                new FanOut(first, saver)), request -> null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (kept.isEmpty() || !kept.get(kept.size() - 1).contains("batch 1 of 2")) {
            assertThat(System.nanoTime()).as("a kept snapshot in batch 1").isLessThan(deadline);
            Thread.sleep(20);
        }
        dying.shutdownNow(); // the controller goes down in batch 1
        saver.close();

        PlannedRollout after = PlannedRollout.of(PlannedRollout.Strategy.ROLLING, args, defaults);
        SnapshotRecorder second = after.continuing("sandbox", Clock.systemUTC(),
                io.jenkins.plugins.progressive.engine.progress.report.SnapshotJson.read(kept.get(kept.size() - 1)));
        StepOutcome outcome = after.start(context(new FanOut(second)), request -> null).outcome().get(60, TimeUnit.SECONDS);
        second.finish(PlannedRollout.state(outcome), outcome.message());

        assertThat(outcome.success()).as(outcome.message()).isTrue();
        var snapshot = second.snapshot();
        assertThat(snapshot.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(snapshot.startedAt()).as("the page keeps the first half").isEqualTo(first.snapshot().startedAt());
        assertThat(snapshot.events()).anyMatch(e -> e.kind().equals("restart"));
        assertThat(snapshot.events()).anyMatch(e -> e.text().startsWith("re-attached after a restart"));
    }

    @Test
    void theLogNeverCarriesASecret() {
        DecisionLog decisions = new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), "canaryStage",
                text -> text.replace("s3cr3t-token", "****"));
        decisions.line("Prometheus answered 401 for Authorization: Bearer s3cr3t-token");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo(
                "[canaryStage] Prometheus answered 401 for Authorization: Bearer ****" + System.lineSeparator());
    }

    private LiveRollout live(String run, ApproverPolicy policy, ApproverPolicy.BuildPeople people) {
        return new LiveRollout(run, "rollout-1", scheduler, Clock.systemUTC(), policy, people, new LiveRollout.ApprovalEvents() {
            @Override
            public void waiting(ApprovalRequest request) {
                events.add("waiting " + request.id());
            }

            @Override
            public void decided(ApprovalRequest request, Approval approval) {
                events.add("decided " + request.id() + " " + approval.describe());
            }
        });
    }

    private static ApprovalRequest awaitRequest(LiveRollout live) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (live.waiting().isEmpty()) {
            assertThat(System.nanoTime()).as("an approval request within 45 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        return live.waiting().get(0);
    }

    private static void awaitSnapshot(LiveRollout live, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!live.snapshotJson(true).contains(text)) {
            assertThat(System.nanoTime()).as("snapshot shows " + text + ": " + live.snapshotJson(true)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private RolloutContext context(FanOut listener) {
        return new RolloutContext(sandbox.client(), scheduler, Clock.systemUTC(), null, new EngineMetrics(), listener);
    }

    private static String selector(String ns, String service) {
        return sandbox.client().services().inNamespace(ns).withName(service).get().getSpec().getSelector().get("slot");
    }

    private static void deploy(String ns, String name, String image, int replicas) {
        SandboxApps.deployment(sandbox, ns, name, image, replicas);
    }

    private static void blueGreenApp(String ns, String app, String image) {
        SandboxApps.deployment(sandbox, ns, app, image, 2);
        SandboxApps.service(sandbox, ns, app);
    }
}
